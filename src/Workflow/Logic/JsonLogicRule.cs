using System.Text.Json;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Workflow.Logic;

/// <summary>
/// A JSON Logic rule (https://jsonlogic.com) compiled once into an evaluation tree. Evaluation reads
/// the data in place (JsonNode objects are looked up, never reserialized) and follows json-logic-js.
/// Thread-safe: a compiled rule holds no per-evaluation state.
/// </summary>
public sealed class JsonLogicRule
{
    private readonly LogicNode _root;

    private JsonLogicRule(JsonNode? source, LogicNode root)
    {
        Source = source;
        _root = root;
    }

    /// <summary>The rule as written.</summary>
    public JsonNode? Source { get; }

    /// <summary>Compiles a rule.</summary>
    /// <exception cref="JsonLogicException">The rule uses an unknown operator.</exception>
    public static JsonLogicRule Compile(JsonNode? rule) => new(rule?.DeepClone(), LogicCompiler.Compile(rule));

    /// <summary>Parses and compiles a rule from JSON text.</summary>
    /// <exception cref="JsonLogicException">The text is not JSON or uses an unknown operator.</exception>
    public static JsonLogicRule Parse(string json)
    {
        try { return Compile(JsonNode.Parse(json)); }
        catch (JsonException e) { throw new JsonLogicException("invalid_json", e.Message); }
    }

    /// <summary>Evaluates against JSON data and returns the result as JSON.</summary>
    public JsonNode? Evaluate(JsonNode? data) => JsValues.ToNode(_root.Eval(data is JsonObject ? data : JsValues.FromNode(data)));

    /// <summary>Evaluates against a JSON element (wrapped, not reserialized).</summary>
    public JsonNode? Evaluate(JsonElement data) => Evaluate(JsonSerializerElement(data));

    /// <summary>Evaluates and applies JSON Logic truthiness (<c>0</c>, <c>""</c>, <c>[]</c>, null, false are false).</summary>
    public bool IsTruthy(JsonNode? data) => JsValues.Truthy(_root.Eval(data is JsonObject ? data : JsValues.FromNode(data)));

    /// <summary>
    /// Evaluates over a raw data value: a <see cref="JsonObject"/>, or a read-only dictionary of values
    /// (used for the guard context so token data needs no copying).
    /// </summary>
    internal object? EvaluateRaw(object? data) => _root.Eval(data);

    private static JsonNode? JsonSerializerElement(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(e),
        JsonValueKind.Array => JsonArray.Create(e),
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        _ => JsonValue.Create(e),
    };
}
