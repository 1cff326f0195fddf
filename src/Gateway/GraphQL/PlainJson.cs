using System.Text.Json;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>Converts between the engine's plain input values (dictionaries, lists, numbers, strings) and JSON.</summary>
public static class PlainJson
{
    /// <summary>A plain value as a JSON node; null entries of objects are dropped (an absent optional input field).</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode n => n.DeepClone(),
        JsonElement e => JsonNode.Parse(e.GetRawText()),
        IDictionary<string, object?> d => new JsonObject(d.Where(kv => kv.Value is not null)
            .Select(kv => KeyValuePair.Create(kv.Key, ToNode(kv.Value)))),
        string s => JsonValue.Create(s),
        System.Collections.IEnumerable list => new JsonArray([.. list.Cast<object?>().Select(ToNode)]),
        _ => JsonSerializer.SerializeToNode(value),
    };

    /// <summary>A plain value as JSON text, or null.</summary>
    public static string? ToJson(object? value) => ToNode(value)?.ToJsonString();

    /// <summary>JSON text as a value the JSON scalar serializes (a detached element), or null for null/empty text.</summary>
    public static object? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    /// <summary>A JSON node as a value the JSON scalar serializes.</summary>
    public static object? FromNode(JsonNode? node) => node is null ? null : Parse(node.ToJsonString());
}
