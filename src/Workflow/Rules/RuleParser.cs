using System.Text.Json;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Workflow.Rules;

/// <summary>
/// Reads rules in the seed shapes: <c>createRule(input: {name, type, definition: {conditions, combinator, actions}})</c>,
/// the SDK's <c>{name, conditions, actions}</c>, <c>{id, jsonLogic}</c>, or the stored shape <c>{id, name, version, tags, condition}</c>.
/// </summary>
public static class RuleParser
{
    /// <summary>Parses a rule; when no id is given one is derived from the name (lowercase, <c>_</c> for spaces).</summary>
    /// <exception cref="WorkflowFormatException">The rule is malformed.</exception>
    public static Rule Parse(JsonNode? node)
    {
        if (node is not JsonObject o) throw new WorkflowFormatException("invalid_rule", "", "expected a rule object");
        var name = Str(o, "name");
        var id = Str(o, "id") ?? (name is null ? null : Slug(name))
            ?? throw new WorkflowFormatException("invalid_rule", "id", "a rule needs an id or a name");
        var body = o["definition"] as JsonObject ?? o;
        var prefix = ReferenceEquals(body, o) ? "" : "definition.";
        Condition condition;
        if (body.TryGetPropertyValue("condition", out var single))
            condition = ConditionParser.Parse(single, $"{prefix}condition");
        else if (body.TryGetPropertyValue("jsonLogic", out var logic))
            // docs/API.md's top-level form {id, jsonLogic: expr}: one JSON Logic condition.
            condition = ConditionParser.Parse(new JsonObject { ["jsonLogic"] = logic?.DeepClone() }, prefix.TrimEnd('.'));
        else if (body.TryGetPropertyValue("conditions", out var list))
            condition = ConditionParser.ParseGroup(list, ConditionParser.ParseCombinator(body["combinator"], $"{prefix}combinator"), $"{prefix}conditions");
        else
            throw new WorkflowFormatException("invalid_rule", $"{prefix}conditions", "a rule needs 'conditions', 'condition' or 'jsonLogic'");
        var version = JsonNumber.TryGet(o["version"], out var v) ? (int)v : 1;
        var tags = o["tags"] is JsonArray t ? t.Select(x => x?.ToString() ?? "").Where(x => x.Length > 0).ToList() : [];
        return new Rule
        {
            Id = id, Name = name, Description = Str(o, "description"), Version = version, Tags = tags,
            Condition = condition, Actions = (body["actions"] ?? o["actions"])?.DeepClone() as JsonArray,
        };
    }

    /// <summary>The stored shape of a rule.</summary>
    public static JsonObject ToJson(Rule rule)
    {
        var o = new JsonObject { ["id"] = rule.Id };
        if (rule.Name is not null) o["name"] = rule.Name;
        if (rule.Description is not null) o["description"] = rule.Description;
        o["version"] = rule.Version;
        o["tags"] = new JsonArray(rule.Tags.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());
        o["condition"] = rule.Condition.ToJson();
        if (rule.Actions is not null) o["actions"] = rule.Actions.DeepClone();
        return o;
    }

    private static string? Str(JsonObject o, string key) =>
        JsonText.Get(o[key]);

    private static string Slug(string name) =>
        string.Join("_", name.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
