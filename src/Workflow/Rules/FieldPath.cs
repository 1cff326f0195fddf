using System.Text.Json.Nodes;

namespace CircuitBreaker.Workflow.Rules;

/// <summary>Dotted field paths (<c>order.customer.tier</c>, <c>items.0.sku</c>) over JSON.</summary>
public static class FieldPath
{
    /// <summary>Resolves <paramref name="path"/> in <paramref name="root"/>; false when a segment is absent.</summary>
    public static bool TryResolve(JsonNode? root, string path, out JsonNode? value)
    {
        value = root;
        foreach (var segment in path.Split('.'))
        {
            switch (value)
            {
                case JsonObject o when o.TryGetPropertyValue(segment, out var next):
                    value = next;
                    break;
                case JsonArray a when int.TryParse(segment, out var i) && i >= 0 && i < a.Count:
                    value = a[i];
                    break;
                default:
                    value = null;
                    return false;
            }
        }
        return true;
    }

    /// <summary>Looks the field up in metadata first, then data (the seed's order).</summary>
    public static bool TryResolve(EvaluationContext context, string path, out JsonNode? value) =>
        TryResolve(context.Metadata, path, out value) || TryResolve(context.Data, path, out value);
}
