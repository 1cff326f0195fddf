namespace CircuitBreaker.Gateway.Api;

/// <summary>
/// What an id given by a client may look like: 1-200 letters, digits and <c>_ - . : @</c>, so it stays addressable
/// as a URL path segment and a storage key.
/// </summary>
public static class IdRules
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 200;

    /// <summary>True when <paramref name="id"/> is acceptable.</summary>
    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '@');

    /// <summary>Returns <paramref name="id"/>, or throws <c>INVALID_INPUT</c> naming <paramref name="field"/>.</summary>
    public static string Require(string field, string? id) => IsValid(id) ? id!
        : throw ApiException.BadRequest("INVALID_INPUT",
            $"'{field}' must be 1-{MaxLength} letters, digits or _ - . : @ (got '{Shorten(id ?? "")}')");

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
