using System.Globalization;

namespace CircuitBreaker.Gateway.GraphQL.Resilience;

/// <summary>Reads the numbers of resilience input objects (the engine coerces Float to double and Int to int or long).</summary>
internal static class ResilienceInput
{
    /// <summary>True when the field was given, also as an explicit null.</summary>
    public static bool Has(this IDictionary<string, object?> input, string key) => input.ContainsKey(key);

    /// <summary>A Float field as double, or null.</summary>
    public static double? Double(this IDictionary<string, object?> input, string key) =>
        input.TryGetValue(key, out var v) && v is not null ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : null;

    /// <summary>An Int field as int, or null.</summary>
    public static int? Int(this IDictionary<string, object?> input, string key) =>
        input.TryGetValue(key, out var v) && v is not null ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : null;

    /// <summary>A Float field as an amount of money, or null; NaN, infinities and values beyond decimal are refused.</summary>
    public static decimal? Money(this IDictionary<string, object?> input, string key)
    {
        if (input.Double(key) is not { } d) return null;
        // decimal holds about ±7.9e28; anything beyond is not an amount of money.
        if (!double.IsFinite(d) || Math.Abs(d) > 1e28)
            throw ResilienceErrors.Invalid("INVALID_AMOUNT", $"{key} must be a finite amount, got {d.ToString(CultureInfo.InvariantCulture)}");
        return Convert.ToDecimal(d, CultureInfo.InvariantCulture);
    }
}
