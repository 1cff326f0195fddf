using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CircuitBreaker.Workflow.Rules;

namespace CircuitBreaker.Workflow.Net;

/// <summary>
/// A transition: it is enabled when every <see cref="Inputs"/> place holds at least the arc weight
/// and, if <see cref="AnyOf"/> is non-empty, at least one of those places holds a token.
/// Firing consumes the input weights, one token from the first marked <see cref="AnyOf"/> place
/// (in list order), and produces the output weights.
/// </summary>
public sealed class Transition
{
    /// <summary>Unique transition id.</summary>
    public required string Id { get; init; }

    /// <summary>Optional display name.</summary>
    public string? Name { get; init; }

    /// <summary>Optional description.</summary>
    public string? Description { get; init; }

    /// <summary>Input arcs that must all be satisfied (a join when there are several).</summary>
    public List<Arc> Inputs { get; init; } = [];

    /// <summary>
    /// Alternative input places (the seeds' <c>fromStates</c> with more than one entry): any one marked
    /// place suffices and one token is taken from the first marked one. Weights are ignored (always 1).
    /// </summary>
    public List<Arc> AnyOf { get; init; } = [];

    /// <summary>Output arcs (a fork when there are several).</summary>
    public List<Arc> Outputs { get; init; } = [];

    /// <summary>Guard conditions; all must pass for the transition to fire.</summary>
    public List<Condition> Conditions { get; init; } = [];

    /// <summary>Opaque agent configuration carried from the seed's <c>agentConfig</c>.</summary>
    public JsonNode? AgentConfig { get; init; }

    /// <summary>Opaque metadata carried as-is.</summary>
    public JsonNode? Metadata { get; init; }

    /// <summary>Seed view: the places this transition takes tokens from (inputs, then alternatives).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> FromStates => [.. Inputs.Select(a => a.Place).Concat(AnyOf.Select(a => a.Place)).Distinct()];

    /// <summary>Seed view: the first output place (null when the transition produces nothing).</summary>
    [JsonIgnore]
    public string? ToState => Outputs.Count > 0 ? Outputs[0].Place : null;

    /// <summary>Seed view: every output place.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ToStates => [.. Outputs.Select(a => a.Place).Distinct()];

    /// <summary>Where this transition came from in the source document (e.g. <c>activities[1]</c>).</summary>
    public string? Source { get; init; }
}
