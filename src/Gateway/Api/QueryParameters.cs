using System.Globalization;

namespace CircuitBreaker.Gateway.Api;

/// <summary>Typed query-string parameters with <c>INVALID_INPUT</c> for wrong types (instead of the binder's bare 400).</summary>
public static class QueryParameters
{
    /// <summary>A string parameter, null when absent or empty.</summary>
    public static string? String(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v.ToString()) ? v.ToString() : null;

    /// <summary>An integer parameter within [<paramref name="min"/>, <paramref name="max"/>], null when absent.</summary>
    public static long? Integer(HttpRequest request, string name, long min = long.MinValue, long max = long.MaxValue)
    {
        var text = String(request, name);
        if (text is null) return null;
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            throw ApiException.BadRequest("INVALID_INPUT", $"query parameter '{name}' must be an integer, not '{text}'");
        if (n < min || n > max)
            throw ApiException.BadRequest("INVALID_INPUT", $"query parameter '{name}' must be between {min} and {max}");
        return n;
    }

    /// <summary>A boolean parameter, null when absent.</summary>
    public static bool? Boolean(HttpRequest request, string name)
    {
        var text = String(request, name);
        if (text is null) return null;
        return bool.TryParse(text, out var b) ? b
            : throw ApiException.BadRequest("INVALID_INPUT", $"query parameter '{name}' must be true or false, not '{text}'");
    }
}
