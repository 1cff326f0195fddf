using CircuitBreaker.Workflow.Analysis.Exploration;
using CircuitBreaker.Workflow.Analysis.Reports;
using CircuitBreaker.Workflow.Net;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>Runs the Petri-net analysis of a definition and condenses it (used by the workflow grain and for unsaved definitions).</summary>
public static class WorkflowAnalysis
{
    /// <summary>Bounds that keep an analysis inside a grain turn; larger nets are reported as undecided.</summary>
    private static readonly ExplorationOptions Limits = new() { MaxStates = 200_000, TimeLimit = TimeSpan.FromSeconds(10) };

    /// <summary>Analyses <paramref name="definition"/> within the grain-turn limits (200,000 states, 10 s).</summary>
    public static WorkflowAnalysisView Analyze(WorkflowDefinition definition)
    {
        var result = AnalysisResult.Compute(WorkflowNetConverter.Convert(definition), Limits);
        var soundness = result.Soundness;
        var summary = new List<string>();
        bool? sound = null;
        if (soundness is not null)
        {
            sound = soundness.Decided ? soundness.Sound : null;
            if (!soundness.Decided) summary.Add($"soundness undecided: {soundness.UndecidedReason}");
            if (soundness.Bounded == false) summary.Add("unbounded: " + string.Join(", ", soundness.UnboundedPlaces.Select(u => u.Place)));
            if (soundness.Decided && !soundness.OptionToComplete)
                summary.Add($"cannot always complete: after [{Sequence(soundness.OptionToCompleteCounterexample)}] no final marking is reachable");
            if (soundness.Decided && !soundness.ProperCompletion)
                summary.Add($"improper completion: [{Sequence(soundness.ProperCompletionCounterexample)}] leaves tokens behind");
            if (soundness.Decided && !soundness.NoDeadTransitions)
                summary.Add("dead transitions: " + string.Join(", ", soundness.DeadTransitions));
        }
        return new WorkflowAnalysisView(definition.Id, definition.Version, sound, summary, JsonReport.Build(result).ToJsonString());
    }

    private static string Sequence(CircuitBreaker.Workflow.Analysis.Witness? witness) =>
        witness is null ? "" : string.Join(" ", witness.Transitions);
}
