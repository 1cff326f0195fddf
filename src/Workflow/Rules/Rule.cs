using System.Text.Json.Nodes;

namespace CircuitBreaker.Workflow.Rules;

/// <summary>A named, versioned, stored rule that guards can reference by id.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(CircuitBreaker.Workflow.Serialization.RuleJsonConverter))]
public sealed record Rule
{
    /// <summary>Rule id (referenced from a transition's <c>conditions</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>Version, starting at 1.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Free tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The condition that decides the rule.</summary>
    public required Condition Condition { get; init; }

    /// <summary>Opaque actions (seed 001's <c>actions</c>), returned to callers when the rule matches.</summary>
    public JsonArray? Actions { get; init; }
}

/// <summary>Looks up stored rules by id (a rules grain or an in-memory map).</summary>
public interface IRuleResolver
{
    /// <summary>The rule with <paramref name="id"/>, or null.</summary>
    Rule? Find(string id);
}

/// <summary>An in-memory <see cref="IRuleResolver"/>.</summary>
public sealed class RuleSet(IEnumerable<Rule> rules) : IRuleResolver
{
    private readonly Dictionary<string, Rule> _rules = rules.ToDictionary(r => r.Id, StringComparer.Ordinal);

    /// <summary>Known rule ids.</summary>
    public IReadOnlyCollection<string> Ids => _rules.Keys;

    /// <inheritdoc />
    public Rule? Find(string id) => _rules.GetValueOrDefault(id);
}
