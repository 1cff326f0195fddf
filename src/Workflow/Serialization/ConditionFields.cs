using System.Text.Json.Nodes;

namespace CircuitBreaker.Workflow.Serialization;

/// <summary>
/// Refuses fields a submitted condition or rule may not have: <c>{"field": "x", "operator": "gt", "vlaue": 3}</c> would
/// otherwise compare with no value, and <c>{"field": "x", "operatr": "exists"}</c> would only be "unrecognized". The forms
/// are found the way <see cref="Rules.ConditionParser"/> finds them, so a field is unknown exactly when the parser would
/// ignore it. JSON Logic expressions (<c>jsonLogic</c>, a bare one-operator object) are free-form and not checked. Stored
/// rules and definitions are not re-checked, so old ones keep loading.
/// </summary>
public static class ConditionFields
{
    private static readonly string[] FieldForm = ["field", "operator", "value"];
    private static readonly string[] GroupForm = ["group", "combinator", "conditions"];
    private static readonly string[] FieldTypes = ["FieldExists", "FieldEquals", "FieldGreaterThan", "FieldLessThan", "FieldContains"];
    private static readonly string[] CombinatorTypes = ["And", "Or", "Not"];

    // What RuleParser reads at the top level and, for the seed shape, inside 'definition'.
    private static readonly string[] RuleTop =
        ["id", "name", "description", "version", "tags", "type", "definition", "condition", "jsonLogic", "conditions", "combinator", "actions"];
    private static readonly string[] RuleBody = ["condition", "jsonLogic", "conditions", "combinator", "actions"];
    // Beside a 'definition' object RuleParser reads the conditions from the definition only.
    private static readonly string[] RuleTopWithDefinition = ["id", "name", "description", "version", "tags", "type", "definition", "actions"];

    /// <summary>Throws for the first unknown field of a rule document, e.g. <c>$.definition.conditions[0].operatr</c>.</summary>
    /// <exception cref="WorkflowFormatException">Code <see cref="DefinitionFields.UnknownField"/>.</exception>
    public static void CheckRule(JsonObject rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule["definition"] is JsonObject definition)
        {
            Known(rule, RuleTopWithDefinition, "$");
            Known(definition, RuleBody, "$.definition");
            Body(definition, "$.definition");
        }
        else
        {
            Known(rule, RuleTop, "$");
            Body(rule, "$");
        }
    }

    /// <summary>Throws for the first unknown field in <paramref name="condition"/> and its children, located from <paramref name="path"/>.</summary>
    /// <exception cref="WorkflowFormatException">Code <see cref="DefinitionFields.UnknownField"/>.</exception>
    public static void Check(JsonNode? condition, string path)
    {
        // Strings are rule ids; other shapes are the parser's to refuse.
        if (condition is not JsonObject o) return;
        if (o.ContainsKey("jsonLogic")) { Known(o, ["jsonLogic"], path); return; }
        if (o.ContainsKey("field") && o.ContainsKey("operator")) { Known(o, FieldForm, path); return; }
        if (o["type"] is JsonValue typeNode && typeNode.TryGetValue<string>(out var type)) { Typed(o, type, path); return; }
        if (o.ContainsKey("type")) return;
        if (o.ContainsKey("rule")) { Known(o, ["rule"], path); return; }
        if (o.ContainsKey("ruleId")) { Known(o, ["ruleId"], path); return; }
        if (o.ContainsKey("conditions")) { Known(o, GroupForm, path); List(o["conditions"], $"{path}.conditions"); return; }
        // One key is a bare JSON Logic expression.
        if (o.Count == 1) return;
        // Neither form matched: with 'field' or 'operator' it was meant as a comparison, so name the stray key.
        if (o.ContainsKey("field") || o.ContainsKey("operator")) Known(o, FieldForm, path);
    }

    private static void Body(JsonObject body, string path)
    {
        // The same precedence as RuleParser: condition, then jsonLogic, then conditions.
        if (body.ContainsKey("condition")) Check(body["condition"], $"{path}.condition");
        else if (!body.ContainsKey("jsonLogic")) List(body["conditions"], $"{path}.conditions");
    }

    private static void Typed(JsonObject o, string type, string path)
    {
        if (Array.IndexOf(FieldTypes, type) >= 0) { Known(o, ["type", "field", "value"], path); return; }
        if (Array.IndexOf(CombinatorTypes, type) < 0) return;
        // ParseTyped takes the first of these that is present and ignores the rest.
        foreach (var key in new[] { "rules", "conditions" })
            if (o.ContainsKey(key)) { Known(o, ["type", key], path); List(o[key], $"{path}.{key}"); return; }
        foreach (var key in new[] { "rule", "condition" })
            if (o.ContainsKey(key)) { Known(o, ["type", key], path); Check(o[key], $"{path}.{key}"); return; }
    }

    private static void List(JsonNode? list, string path)
    {
        if (list is not JsonArray items) return;
        for (var i = 0; i < items.Count; i++) Check(items[i], $"{path}[{i}]");
    }

    private static void Known(JsonObject o, string[] known, string path)
    {
        foreach (var (name, _) in o)
            if (Array.IndexOf(known, name) < 0)
                throw new WorkflowFormatException(DefinitionFields.UnknownField, $"{path}.{name}",
                    $"unknown field '{name}' (known here: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
    }
}
