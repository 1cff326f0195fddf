using System.Globalization;
using System.Text;

namespace CircuitBreaker.Storage;

/// <summary>The opaque keyset cursor of an index listing: the (created_at, key) of the last row of a page.</summary>
internal readonly record struct IndexCursor(long CreatedAtTicks, string Key)
{
    /// <summary>Encodes the cursor as URL-safe base64 of "ticks|key".</summary>
    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(CreatedAtTicks.ToString(CultureInfo.InvariantCulture) + "|" + Key))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes a cursor made by <see cref="Encode"/>; throws <see cref="ArgumentException"/> for anything else.</summary>
    public static IndexCursor Decode(string cursor)
    {
        const string error = "STORAGE_BAD_CURSOR: the cursor is not one returned by this storage.";
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 4096)
            throw new ArgumentException(error, nameof(cursor));
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException e)
        {
            throw new ArgumentException(error, nameof(cursor), e);
        }
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || !long.TryParse(text.AsSpan(0, bar), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks))
            throw new ArgumentException(error, nameof(cursor));
        return new IndexCursor(ticks, text[(bar + 1)..]);
    }
}
