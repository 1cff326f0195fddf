using System.Text.Json;
using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Logic;

namespace CircuitBreaker.Workflow.Rules;

/// <summary>
/// Reads conditions in every accepted shape:
/// a string (rule id); <c>{rule: id}</c>; <c>{field, operator, value}</c>;
/// <c>{group?, combinator, conditions: [...]}</c>; the seed rule types
/// <c>{type: FieldExists|FieldEquals|FieldGreaterThan|FieldLessThan|FieldContains, field, value}</c> and
/// <c>{type: And|Or|Not, rules: [...]}</c>; <c>{jsonLogic: expr}</c> or a bare one-operator JSON Logic object.
/// </summary>
public static class ConditionParser
{
    /// <summary>Parses one condition; <paramref name="path"/> locates errors.</summary>
    /// <exception cref="WorkflowFormatException">The condition is malformed (code <c>invalid_condition</c> or <c>unknown_operator</c>).</exception>
    public static Condition Parse(JsonNode? node, string path = "")
    {
        switch (node)
        {
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var id = JsonText.Get(v)!;
                return id.Length > 0 ? new RuleReference(id) : throw Invalid(path, "empty rule id");
            case JsonObject o:
                return ParseObject(o, path);
            default:
                throw Invalid(path, "expected a rule id string or a condition object");
        }
    }

    /// <summary>Parses a list of conditions combined with <paramref name="combinator"/>.</summary>
    public static GroupCondition ParseGroup(JsonNode? conditions, Combinator combinator, string path, string? group = null)
    {
        if (conditions is not JsonArray a) throw Invalid(path, "expected an array of conditions");
        return new GroupCondition(combinator, a.Select((c, i) => Parse(c, $"{path}[{i}]")).ToList(), group);
    }

    /// <summary>Parses a combinator name (AND, OR, NOT; any case).</summary>
    public static Combinator ParseCombinator(JsonNode? node, string path) =>
        node is null ? Combinator.And :
        JsonText.Get(node)?.ToUpperInvariant() switch
        {
            "AND" => Combinator.And,
            "OR" => Combinator.Or,
            "NOT" => Combinator.Not,
            _ => throw Invalid(path, "combinator must be AND, OR or NOT"),
        };

    private static Condition ParseObject(JsonObject o, string path)
    {
        if (o.TryGetPropertyValue("jsonLogic", out var logic)) return CompileLogic(logic, $"{path}.jsonLogic");
        if (o.ContainsKey("field") && o.ContainsKey("operator")) return ParseField(o, path);
        if (o.TryGetPropertyValue("type", out var typeNode)) return ParseTyped(o, Text(typeNode, $"{path}.type"), path);
        if (o.TryGetPropertyValue("rule", out var rule) || o.TryGetPropertyValue("ruleId", out rule))
            return Parse(rule is JsonValue ? rule : null, $"{path}.rule");
        if (o.TryGetPropertyValue("conditions", out var children))
            return ParseGroup(children, ParseCombinator(o["combinator"], $"{path}.combinator"), $"{path}.conditions",
                o["group"] is JsonValue g ? Text(g, $"{path}.group") : null);
        if (o.Count == 1) return CompileLogic(o, path);
        throw Invalid(path, "unrecognized condition: expected field/operator, conditions, type, rule or a JSON Logic expression");
    }

    private static FieldCondition ParseField(JsonObject o, string path)
    {
        var field = Text(o["field"], $"{path}.field");
        var name = Text(o["operator"], $"{path}.operator");
        if (!ConditionOperators.TryParse(name, out var op))
            throw new WorkflowFormatException("unknown_operator", $"{path}.operator",
                $"unknown operator '{name}' (expected one of {string.Join(", ", ConditionOperators.AllNames)})");
        var value = o["value"]?.DeepClone();
        if (op == ConditionOperator.Between && value is not JsonArray { Count: 2 })
            throw Invalid($"{path}.value", "between needs [low, high]");
        if (op is ConditionOperator.In or ConditionOperator.NotIn && value is not JsonArray)
            throw Invalid($"{path}.value", $"{name} needs an array value");
        return new FieldCondition(field, op, value);
    }

    private static Condition ParseTyped(JsonObject o, string type, string path)
    {
        ConditionOperator? fieldOp = type switch
        {
            "FieldExists" => ConditionOperator.Exists,
            "FieldEquals" => ConditionOperator.Equal,
            "FieldGreaterThan" => ConditionOperator.GreaterThan,
            "FieldLessThan" => ConditionOperator.LessThan,
            "FieldContains" => ConditionOperator.Contains,
            _ => null,
        };
        if (fieldOp is { } op) return new FieldCondition(Text(o["field"], $"{path}.field"), op, o["value"]?.DeepClone());
        var combinator = type switch
        {
            "And" => Combinator.And,
            "Or" => Combinator.Or,
            "Not" => Combinator.Not,
            _ => throw Invalid($"{path}.type", $"unknown rule type '{type}'"),
        };
        foreach (var key in new[] { "rules", "conditions" })
            if (o.TryGetPropertyValue(key, out var list)) return ParseGroup(list, combinator, $"{path}.{key}");
        foreach (var key in new[] { "rule", "condition" })
            if (o.TryGetPropertyValue(key, out var single))
                return new GroupCondition(combinator, [Parse(single, $"{path}.{key}")]);
        throw Invalid(path, $"{type} needs 'rules' (array) or 'rule'");
    }

    private static JsonLogicCondition CompileLogic(JsonNode? expression, string path)
    {
        try { return new JsonLogicCondition(expression); }
        catch (JsonLogicException e) { throw new WorkflowFormatException(e.Code, path, e.Message); }
    }

    private static string Text(JsonNode? node, string path) =>
        JsonText.Get(node) is { Length: > 0 } s
            ? s : throw Invalid(path, "expected a non-empty string");

    private static WorkflowFormatException Invalid(string path, string message) => new("invalid_condition", path, message);
}
