using CircuitBreaker.Workflow.Analysis.Exploration;
using CircuitBreaker.Workflow.Analysis.Reports;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Validation;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>Runs the Petri-net analysis of a definition and condenses it (used by the workflow grain and for unsaved definitions).</summary>
public static class WorkflowAnalysis
{
    /// <summary>
    /// Analyses <paramref name="definition"/> within <paramref name="budget"/> (states, memory, deadline; the defaults of
    /// <see cref="AnalysisBudget"/> when null). A budget that ends the run gives an incomplete report; a cancelled
    /// <paramref name="cancellationToken"/> (the caller went away) throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static WorkflowAnalysisView Analyze(WorkflowDefinition definition, AnalysisBudget? budget = null, CancellationToken cancellationToken = default)
    {
        var options = (budget ?? new AnalysisBudget()).ToOptions(cancellationToken);
        var result = AnalysisResult.Compute(WorkflowNetConverter.Convert(definition), options);
        // A cancelled exploration returns what it found, but nobody is waiting for it.
        cancellationToken.ThrowIfCancellationRequested();
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
        // The analysis ignores guards; say where they alone can hold a token, whatever the verdict.
        summary.AddRange(GuardedExits.Find(definition).Select(g => g.Message));
        return new WorkflowAnalysisView(definition.Id, definition.Version, sound, summary, JsonReport.Build(result).ToJsonString());
    }

    private static string Sequence(CircuitBreaker.Workflow.Analysis.Witness? witness) =>
        witness is null ? "" : string.Join(" ", witness.Transitions);
}
