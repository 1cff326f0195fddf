using System.Text.Json.Nodes;

namespace CircuitBreaker.Workflow.Tokens;

/// <summary>JSON merge patch (RFC 7386): objects merge recursively, null removes, anything else replaces.</summary>
public static class JsonMergePatch
{
    /// <summary>Returns <paramref name="target"/> patched; neither input is modified.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject p) return patch?.DeepClone();
        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
        foreach (var (key, value) in p)
        {
            if (value is null) result.Remove(key);
            else result[key] = Apply(result.TryGetPropertyValue(key, out var existing) ? existing?.DeepClone() : null, value);
        }
        return result;
    }
}
