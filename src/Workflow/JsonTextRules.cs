using System.Text.Json;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Workflow;

/// <summary>
/// What strings of a request body may hold (pure): no U+0000 (PostgreSQL refuses it in JSON, other stores cut strings at it)
/// and no lone surrogate (<c>\ud800</c> is valid JSON but no valid text, so it cannot be stored or compared reliably).
/// </summary>
public static class JsonTextRules
{
    /// <summary>The JSON path of the first offending property name or string and what is wrong with it; null when all are fine.</summary>
    public static (string Path, string Problem)? FindViolation(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject o:
                // Enumerating decodes the property names; a lone surrogate in one fails there.
                List<KeyValuePair<string, JsonNode?>> properties;
                try { properties = [.. o]; }
                catch (InvalidOperationException) { return (path, "a property name holds a lone surrogate (invalid UTF-16)"); }
                foreach (var (name, value) in properties)
                {
                    var at = $"{path}.{name}";
                    if (Problem(name) is { } bad) return (at, "the property name " + bad);
                    if (FindViolation(value, at) is { } found) return found;
                }
                return null;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (FindViolation(a[i], $"{path}[{i}]") is { } found) return found;
                return null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                string text;
                try { text = v.GetValue<string>(); }
                catch (InvalidOperationException) { return (path, "holds a lone surrogate (invalid UTF-16)"); }
                return Problem(text) is { } problem ? (path, problem) : null;
            default:
                return null;
        }
    }

    /// <summary>What is wrong with <paramref name="text"/>, or null.</summary>
    public static string? Problem(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return "holds U+0000 (NUL)";
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return "holds a lone surrogate (invalid UTF-16)";
        }
        return null;
    }
}
