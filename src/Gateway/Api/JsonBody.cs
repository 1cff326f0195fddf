using System.Text.Json;
using System.Text.Json.Nodes;
using CircuitBreaker.Workflow;

namespace CircuitBreaker.Gateway.Api;

/// <summary>
/// A request body read as a JSON object, with typed field accessors that refuse wrong types with
/// <c>INVALID_INPUT</c> (malformed JSON is <c>INVALID_JSON</c>). Reading by hand keeps every failure a clear problem.
/// </summary>
public sealed class JsonBody(JsonObject root)
{
    /// <summary>The whole object.</summary>
    public JsonObject Root { get; } = root;

    /// <summary>Reads the request body; an empty body is an empty object when <paramref name="allowEmpty"/>.</summary>
    public static async Task<JsonBody> ReadAsync(HttpRequest request, bool allowEmpty = false)
    {
        string text;
        using (var reader = new StreamReader(request.Body))
            text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        return Parse(text, allowEmpty);
    }

    /// <summary>Parses body text (pure).</summary>
    public static JsonBody Parse(string text, bool allowEmpty = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (allowEmpty) return new JsonBody([]);
            throw ApiException.BadRequest("INVALID_JSON", "the request body is empty; a JSON object is expected");
        }
        JsonNode? node;
        try
        {
            // A duplicate key would let two parts of the system read two different values of one field.
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest("INVALID_JSON", $"the request body is not valid JSON: {ex.Message}");
        }
        if (node is not JsonObject obj) throw ApiException.BadRequest("INVALID_JSON", "the request body must be a JSON object");
        if (JsonTextRules.FindViolation(obj) is { } bad)
            throw ApiException.BadRequest("INVALID_JSON", $"{bad.Path} {bad.Problem}");
        return new JsonBody(obj);
    }

    /// <summary>
    /// Parses <paramref name="text"/> strictly and binds it to <typeparamref name="T"/> with <paramref name="options"/>:
    /// fields <typeparamref name="T"/> does not have are <c>UNKNOWN_FIELD</c> with their path, values of the wrong type
    /// <c>INVALID_JSON</c>. For bodies that map one-to-one onto a request type.
    /// </summary>
    public static T Bind<T>(string text, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var body = Parse(text).Allow(FieldNames<T>.Of(options));
        try
        {
            return body.Root.Deserialize<T>(options) ?? throw ApiException.BadRequest("INVALID_JSON", "a JSON object is expected");
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest("INVALID_JSON", $"the body is not valid JSON for this endpoint: {ex.Message}");
        }
    }

    // The JSON names of a type's properties under the options that read it, kept per type (options are static in practice).
    private static class FieldNames<T>
    {
        private static string[]? _names;

        public static string[] Of(JsonSerializerOptions options)
        {
            if (_names is not null) return _names;
            options.TypeInfoResolver ??= new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver();
            return _names = [.. options.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name)];
        }
    }

    /// <summary>
    /// Refuses fields other than <paramref name="known"/> (<c>UNKNOWN_FIELD</c>, naming the JSON path): a misspelt field
    /// would otherwise be dropped without a word.
    /// </summary>
    public JsonBody Allow(params string[] known)
    {
        foreach (var (name, _) in Root)
            if (Array.IndexOf(known, name) < 0)
                throw ApiException.BadRequest("UNKNOWN_FIELD", known.Length == 0
                    ? $"$.{name}: unknown field '{name}' (this body takes no fields)"
                    : $"$.{name}: unknown field '{name}' (known: {string.Join(", ", known)})");
        return this;
    }

    /// <summary>A string field, null when absent or null.</summary>
    public string? String(string name, bool required = false)
    {
        var node = Field(name, required);
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        throw WrongType(name, "a string", node);
    }

    /// <summary>An integer field, null when absent or null.</summary>
    public long? Integer(string name)
    {
        var node = Field(name, false);
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n)) return n;
        if (node is JsonValue d && d.GetValueKind() == JsonValueKind.Number && d.TryGetValue<double>(out var x) && x == Math.Floor(x)
            && x is >= long.MinValue and <= long.MaxValue) return (long)x;
        throw WrongType(name, "an integer", node);
    }

    /// <summary>A boolean field, null when absent or null.</summary>
    public bool? Boolean(string name)
    {
        var node = Field(name, false);
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return v.GetValue<bool>();
        throw WrongType(name, "a boolean", node);
    }

    /// <summary>An object field as JSON text, null when absent or null.</summary>
    public string? ObjectJson(string name, bool required = false)
    {
        var node = Field(name, required);
        if (node is null) return null;
        return node is JsonObject ? node.ToJsonString() : throw WrongType(name, "an object", node);
    }

    private JsonNode? Field(string name, bool required)
    {
        var node = Root[name];
        if (node is null && required) throw ApiException.BadRequest("INVALID_INPUT", $"'{name}' is required");
        return node;
    }

    private static ApiException WrongType(string name, string expected, JsonNode node) =>
        ApiException.BadRequest("INVALID_INPUT", $"'{name}' must be {expected}, not {Describe(node)}");

    private static string Describe(JsonNode node) => node switch
    {
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        },
        _ => "null",
    };
}
