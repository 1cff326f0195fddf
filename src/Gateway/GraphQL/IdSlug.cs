using System.Text;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>Generates readable ids from names: a lower-case slug plus a short random suffix so equal names never collide.</summary>
public static class IdSlug
{
    /// <summary>The slug of <paramref name="name"/> (letters/digits, others become '_'), without suffix; empty when nothing remains.</summary>
    public static string Slug(string? name)
    {
        var sb = new StringBuilder();
        foreach (var c in (name ?? "").Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '_') sb.Append('_');
        }
        return sb.ToString().Trim('_');
    }

    /// <summary>A new id: <c>slug_xxxxxxxx</c>, or <paramref name="fallback"/>_xxxxxxxx when the name has no usable characters.</summary>
    public static string New(string? name, string fallback)
    {
        var slug = Slug(name);
        return $"{(slug.Length == 0 ? fallback : slug)}_{Guid.NewGuid().ToString("N")[..8]}";
    }
}
