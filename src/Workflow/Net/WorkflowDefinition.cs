using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CircuitBreaker.Workflow.Net;

/// <summary>A workflow definition: a Petri net with an initial marking and final places.</summary>
[JsonConverter(typeof(CircuitBreaker.Workflow.Serialization.WorkflowDefinitionJsonConverter))]
public sealed class WorkflowDefinition
{
    /// <summary>Workflow id (e.g. <c>document_approval_v1</c>); may be empty until a store assigns one.</summary>
    public string Id { get; init; } = "";

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>Definition version, starting at 1.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The places.</summary>
    public List<Place> Places { get; init; } = [];

    /// <summary>The transitions.</summary>
    public List<Transition> Transitions { get; init; } = [];

    /// <summary>Tokens per place when a token (work item) starts.</summary>
    public List<Arc> InitialMarking { get; init; } = [];

    /// <summary>Places that mean "done": a token whose marked places are all final is completed.</summary>
    public List<string> FinalPlaces { get; init; } = [];

    /// <summary>Opaque metadata carried as-is.</summary>
    public JsonNode? Metadata { get; init; }

    /// <summary>Seed view: the place ids.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> States => [.. Places.Select(p => p.Id)];

    /// <summary>Seed view: the first initially marked place.</summary>
    [JsonIgnore]
    public string? InitialState => InitialMarking.Count > 0 ? InitialMarking[0].Place : null;

    /// <summary>The initial marking as a <see cref="Marking"/>.</summary>
    public Marking CreateInitialMarking() =>
        Marking.From(InitialMarking.Select(a => new KeyValuePair<string, int>(a.Place, a.Weight)));

    /// <summary>
    /// Returns an equivalent net in which every transition with <see cref="Transition.AnyOf"/> places is
    /// split into one transition per alternative (id <c>t#place</c>), so plain Petri-net tools apply.
    /// </summary>
    public WorkflowDefinition ExpandAnyOf()
    {
        var transitions = new List<Transition>();
        foreach (var t in Transitions)
        {
            if (t.AnyOf.Count == 0) { transitions.Add(t); continue; }
            foreach (var alt in t.AnyOf)
            {
                transitions.Add(new Transition
                {
                    Id = $"{t.Id}#{alt.Place}", Name = t.Name, Description = t.Description,
                    Inputs = [.. t.Inputs, new Arc(alt.Place, 1)], Outputs = [.. t.Outputs],
                    Conditions = [.. t.Conditions], AgentConfig = t.AgentConfig?.DeepClone(),
                    Metadata = t.Metadata?.DeepClone(), Source = t.Source,
                });
            }
        }
        return new WorkflowDefinition
        {
            Id = Id, Name = Name, Description = Description, Version = Version, Places = [.. Places],
            Transitions = transitions, InitialMarking = [.. InitialMarking], FinalPlaces = [.. FinalPlaces],
            Metadata = Metadata?.DeepClone(),
        };
    }
}
