using System.Text.Json;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Workflow;

/// <summary>Reads strings from JSON values, including ones built from CLR values (DateTime, Guid, char…).</summary>
internal static class JsonText
{
    public static bool TryGet(JsonNode? node, out string value)
    {
        value = "";
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return false;
        if (v.TryGetValue<string>(out var s)) { value = s; return true; }
        value = JsonSerializer.Deserialize<string>(v.ToJsonString()) ?? "";
        return true;
    }

    public static string? Get(JsonNode? node) => TryGet(node, out var s) ? s : null;
}
