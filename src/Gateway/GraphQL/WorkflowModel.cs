using System.Text.Json.Nodes;
using CircuitBreaker.Grains.Workflow;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>A workflow version shaped for the GraphQL <c>Workflow</c> type (states, seed-style transitions) from its canonical JSON.</summary>
public sealed class WorkflowModel
{
    private readonly JsonObject _definition;

    /// <summary>Wraps a version view.</summary>
    public WorkflowModel(WorkflowVersionView view)
    {
        View = view;
        _definition = JsonNode.Parse(view.DefinitionJson) as JsonObject ?? [];
        States = [.. Array("places").Select(p => p is JsonObject o ? o["id"]?.GetValue<string>() ?? "" : p?.ToString() ?? "")];
        Transitions = [.. Array("transitions").OfType<JsonObject>().Select(t => new TransitionModel(t))];
        var marking = _definition["initialMarking"] as JsonObject ?? [];
        InitialMarking = marking;
        InitialState = marking.Count == 1 && marking.First().Value?.GetValue<int>() == 1 ? marking.First().Key : null;
        FinalStates = [.. Array("finalPlaces").Select(p => p?.ToString() ?? "")];
    }

    /// <summary>The underlying view.</summary>
    public WorkflowVersionView View { get; }
    /// <summary>Workflow id.</summary>
    public string Id => View.WorkflowId;
    /// <summary>Version number.</summary>
    public int Version => View.Version;
    /// <summary>Display name.</summary>
    public string? Name => _definition["name"]?.GetValue<string>();
    /// <summary>Description.</summary>
    public string? Description => _definition["description"]?.GetValue<string>();
    /// <summary>Place ids (the seeds' states).</summary>
    public IReadOnlyList<string> States { get; }
    /// <summary>Transitions in the seeds' shape.</summary>
    public IReadOnlyList<TransitionModel> Transitions { get; }
    /// <summary>Seed 001's name for transitions.</summary>
    public IReadOnlyList<TransitionModel> Activities => Transitions;
    /// <summary>The single initially marked place, if the initial marking is one token in one place.</summary>
    public string? InitialState { get; }
    /// <summary>Initial marking (place → count).</summary>
    public object? InitialMarkingJson => PlainJson.FromNode(InitialMarking);
    /// <summary>Final places.</summary>
    public IReadOnlyList<string> FinalStates { get; }
    /// <summary>Metadata as stored.</summary>
    public object? Metadata => PlainJson.FromNode(_definition["metadata"]);
    /// <summary>The canonical definition.</summary>
    public object? Definition => PlainJson.Parse(View.DefinitionJson);
    /// <summary>Validation warnings of this version.</summary>
    public IReadOnlyList<ValidationIssueView> Warnings => View.Warnings;
    /// <summary>Owning tenant.</summary>
    public string? TenantId => View.TenantId;
    /// <summary>When this version was published.</summary>
    public DateTimeOffset CreatedAt => View.CreatedAt;

    private JsonObject InitialMarking { get; }

    private JsonArray Array(string key) => _definition[key] as JsonArray ?? [];
}

/// <summary>A transition in the seeds' shape (fromStates / toState) read from the canonical arcs.</summary>
public sealed class TransitionModel(JsonObject t)
{
    /// <summary>Transition id.</summary>
    public string Id => t["id"]?.GetValue<string>() ?? "";
    /// <summary>Display name.</summary>
    public string? Name => t["name"]?.GetValue<string>();
    /// <summary>Description.</summary>
    public string? Description => t["description"]?.GetValue<string>();
    /// <summary>Input places (required arcs, then alternatives).</summary>
    public IReadOnlyList<string> FromStates => [.. Places("inputs").Concat((t["fromStates"] as JsonArray ?? []).Select(p => p?.ToString() ?? ""))];
    /// <summary>Output places.</summary>
    public IReadOnlyList<string> ToStates => Places("outputs");
    /// <summary>The first output place.</summary>
    public string? ToState => ToStates.FirstOrDefault();
    /// <summary>Guards as stored.</summary>
    public IReadOnlyList<object?> Conditions => [.. (t["conditions"] as JsonArray ?? []).Select(PlainJson.FromNode)];
    /// <summary>Agent configuration as given.</summary>
    public object? AgentConfig => PlainJson.FromNode(t["agentConfig"]);
    /// <summary>Metadata as given.</summary>
    public object? Metadata => PlainJson.FromNode(t["metadata"]);

    private List<string> Places(string key) =>
        [.. (t[key] as JsonArray ?? []).OfType<JsonObject>().Select(a => a["place"]?.GetValue<string>() ?? "")];
}
