using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Logic;

namespace CircuitBreaker.Workflow.Rules;

/// <summary>A guard or rule condition. Four forms: field comparison, group, rule reference, JSON Logic.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(CircuitBreaker.Workflow.Serialization.ConditionJsonConverter))]
public abstract record Condition
{
    /// <summary>The condition in its canonical JSON form (what <see cref="ConditionParser"/> reads back).</summary>
    public abstract JsonNode? ToJson();
}

/// <summary>A structured comparison <c>{field, operator, value}</c> on a dotted field path.</summary>
/// <param name="Field">Dotted path, looked up in metadata first, then data (e.g. <c>order.customer.tier</c>).</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">The expected value (a two-element array for <c>between</c>, an array for <c>in</c>).</param>
public sealed record FieldCondition(string Field, ConditionOperator Operator, JsonNode? Value) : Condition
{
    /// <inheritdoc />
    public override JsonNode ToJson() => new JsonObject
    {
        ["field"] = Field, ["operator"] = ConditionOperators.Name(Operator), ["value"] = Value?.DeepClone(),
    };
}

/// <summary>Combines conditions: AND (all pass), OR (one passes), NOT (none passes).</summary>
/// <param name="Combinator">How the children combine.</param>
/// <param name="Conditions">The children.</param>
/// <param name="Group">Optional group name (the seed's <c>group</c>).</param>
public sealed record GroupCondition(Combinator Combinator, IReadOnlyList<Condition> Conditions, string? Group = null) : Condition
{
    /// <inheritdoc />
    public override JsonNode ToJson()
    {
        var o = new JsonObject();
        if (Group is not null) o["group"] = Group;
        o["combinator"] = Combinator.ToString().ToUpperInvariant();
        o["conditions"] = new JsonArray(Conditions.Select(c => c.ToJson()).ToArray());
        return o;
    }
}

/// <summary>A reference to a stored <see cref="Rule"/> by id (resolved at evaluation time).</summary>
/// <param name="RuleId">The rule id.</param>
public sealed record RuleReference(string RuleId) : Condition
{
    /// <inheritdoc />
    public override JsonNode ToJson() => JsonValue.Create(RuleId);
}

/// <summary>A JSON Logic expression over the context <c>{data, metadata, token}</c>; passes when truthy.</summary>
public sealed record JsonLogicCondition : Condition
{
    /// <summary>Compiles <paramref name="expression"/>.</summary>
    /// <exception cref="JsonLogicException">Unknown operator.</exception>
    public JsonLogicCondition(JsonNode? expression) => Rule = JsonLogicRule.Compile(expression);

    /// <summary>The compiled rule.</summary>
    public JsonLogicRule Rule { get; }

    /// <inheritdoc />
    public override JsonNode ToJson() => new JsonObject { ["jsonLogic"] = Rule.Source?.DeepClone() };
}

/// <summary>How a group combines its children.</summary>
public enum Combinator
{
    /// <summary>All children pass.</summary>
    And,
    /// <summary>At least one child passes.</summary>
    Or,
    /// <summary>No child passes.</summary>
    Not,
}
