using System.Text.Json;
using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Analysis;
using CircuitBreaker.Workflow.Analysis.Properties;
using CircuitBreaker.Workflow.Analysis.WorkflowNets;

namespace CircuitBreaker.Workflow.Analysis.Reports;

/// <summary>The <c>--json</c> output: one object; keys are always present, null when unknown.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Builds the JSON object for <paramref name="result"/>.</summary>
    public static JsonObject Build(AnalysisResult result)
    {
        var report = result.Report;
        var net = report.Net;
        var graph = report.Graph;
        var p = report.Properties;
        return new JsonObject
        {
            ["net"] = net.Id,
            ["places"] = net.PlaceCount,
            ["transitions"] = net.TransitionCount,
            ["complete"] = p is not null,
            ["stop"] = graph?.Stop.ToString(),
            ["bounded"] = report.Bounded,
            ["states"] = p?.States,
            ["edges"] = p?.Edges,
            ["maxTokensInPlace"] = p?.MaxTokensInPlace,
            ["maxTokensPerMarking"] = p?.MaxTokensPerMarking,
            ["deadlock"] = p?.Deadlock,
            ["realDeadlock"] = p?.RealDeadlock,
            ["oneSafe"] = p?.OneSafe,
            ["quasiLive"] = p?.QuasiLive,
            ["live"] = p?.Live,
            ["stableMarking"] = p?.StableMarking,
            ["reversible"] = p?.Reversible,
            ["homeMarking"] = WitnessJson(p?.HomeMarking),
            ["deadTransitions"] = p is null ? null : Strings(p.DeadTransitions),
            ["stablePlaces"] = p is null ? null : Strings(p.StablePlaces),
            ["placeBounds"] = p is null ? null : new JsonObject(p.PlaceBounds.Select(b => KeyValuePair.Create(b.Place, (JsonNode?)b.Bound))),
            ["deadMarkings"] = p is null ? null : new JsonArray(p.DeadMarkings.Select(d =>
            {
                var o = WitnessJson(d.Witness)!;
                o["final"] = d.IsFinal;
                return (JsonNode?)o;
            }).ToArray()),
            // Witnesses for the first few only: one per transition would make the report quadratic in the net's size.
            ["nonLiveTransitions"] = p is null ? null : new JsonArray(p.NonLiveTransitions.Select((n, i) =>
            {
                var o = i < PropertyAnalyzer.MaxWitnessedNonLiveTransitions ? WitnessJson(n.Witness)! : [];
                o["transition"] = n.Transition;
                return (JsonNode?)o;
            }).ToArray()),
            ["unboundedPlaces"] = report.Bounded == false ? UnboundedJson(report.Coverability!.UnboundedPlaces) : null,
            ["workflow"] = result.Soundness is null ? null : SoundnessJson(result.Soundness),
            ["bitsPerPlace"] = graph?.BitsPerPlace,
            ["bytesPerState"] = graph is null ? null : Math.Round(graph.BytesPerState, 1),
            ["elapsedMs"] = Math.Round(result.Elapsed.TotalMilliseconds, 1),
        };
    }

    /// <summary>Indented JSON text for <paramref name="result"/>.</summary>
    public static string Write(AnalysisResult result) => Build(result).ToJsonString(Indented);

    private static JsonObject SoundnessJson(SoundnessReport s) => new()
    {
        ["mode"] = s.Mode == SoundnessMode.Classical ? "classical" : "finalPlaces",
        ["isWorkflowNet"] = s.Structure.IsWorkflowNet,
        ["structureProblems"] = Strings(s.Structure.Problems),
        ["decided"] = s.Decided,
        ["undecidedReason"] = s.UndecidedReason,
        ["sound"] = s.Decided ? s.Sound : null,
        ["bounded"] = s.Bounded,
        ["unboundedPlaces"] = UnboundedJson(s.UnboundedPlaces),
        ["optionToComplete"] = s.Decided ? s.OptionToComplete : null,
        ["optionToCompleteCounterexample"] = WitnessJson(s.OptionToCompleteCounterexample),
        ["properCompletion"] = s.Decided ? s.ProperCompletion : null,
        ["properCompletionCounterexample"] = WitnessJson(s.ProperCompletionCounterexample),
        ["noDeadTransitions"] = s.Decided ? s.NoDeadTransitions : null,
        ["deadTransitions"] = Strings(s.DeadTransitions),
        ["shortCircuitedLiveAndBounded"] = s.ShortCircuitedLiveAndBounded,
    };

    private static JsonArray UnboundedJson(IReadOnlyList<Workflow.Analysis.Coverability.UnboundedPlace> places) =>
        new(places.Select(u => (JsonNode?)new JsonObject
        {
            ["place"] = u.Place,
            ["prefix"] = Strings(u.Prefix.Transitions),
            ["pump"] = Strings(u.Pump),
        }).ToArray());

    private static JsonObject? WitnessJson(Witness? w) => w is null ? null : new JsonObject
    {
        ["sequence"] = Strings(w.Transitions),
        ["marking"] = w.MarkingText,
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());
}
