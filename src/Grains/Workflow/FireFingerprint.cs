using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>
/// What identifies a fire for idempotency: the transition and the data patch in canonical form (object keys sorted,
/// numbers as written), hashed. A key reused with another fingerprint is a different request, refused like Stripe does.
/// </summary>
public static class FireFingerprint
{
    /// <summary>The fingerprint of firing <paramref name="transitionId"/> with <paramref name="patch"/> (null and <c>{}</c> are the same).</summary>
    public static string Of(string transitionId, JsonObject? patch)
    {
        ArgumentNullException.ThrowIfNull(transitionId);
        var text = new StringBuilder(transitionId).Append('\n');
        Canonical(patch ?? [], text);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// True when a stored fingerprint allows replaying for <paramref name="current"/>. Records written before fingerprints
    /// existed have none and keep replaying, as they did.
    /// </summary>
    public static bool Matches(string? stored, string current) => stored is null || stored == current;

    private static void Canonical(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case JsonObject o:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) text.Append(',');
                    first = false;
                    text.Append(JsonSerializer.Serialize(key)).Append(':');
                    Canonical(value, text);
                }
                text.Append('}');
                break;
            case JsonArray a:
                text.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0) text.Append(',');
                    Canonical(a[i], text);
                }
                text.Append(']');
                break;
            case null:
                text.Append("null");
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }
}
