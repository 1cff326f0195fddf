using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Workflow;

/// <summary>Reads numbers from JSON values whether they were parsed or built from CLR values (int, long, decimal…).</summary>
internal static class JsonNumber
{
    public static bool TryGet(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return false;
        if (v.TryGetValue(out value)) return true;
        return double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
