using CircuitBreaker.Workflow.Analysis;
using CircuitBreaker.Workflow.Analysis.Exploration;
using CircuitBreaker.Workflow.Analysis.Net;
using CircuitBreaker.Workflow.Analysis.WorkflowNets;

namespace CircuitBreaker.Workflow.Analysis.Reports;

/// <summary>What <c>cb analyze</c> computed for one file: the net report and, where it applies, a soundness report.</summary>
/// <param name="Report">Reachability/coverability analysis.</param>
/// <param name="Soundness">Soundness check when the net has final places or is a workflow net, else null.</param>
/// <param name="Elapsed">Total analysis time.</param>
public sealed record AnalysisResult(AnalysisReport Report, SoundnessReport? Soundness, TimeSpan Elapsed)
{
    /// <summary>Runs the analysis used by the CLI.</summary>
    public static AnalysisResult Compute(PlaceTransitionNet net, ExplorationOptions options)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = NetAnalyzer.Analyze(net, options);
        SoundnessReport? soundness = null;
        // The soundness pass explores again; it gets what is left of the time limit, not a fresh one.
        options = AnalysisBudget.Remaining(options, clock.Elapsed);
        if (net.FinalPlaces.Count > 0)
            soundness = SoundnessChecker.Check(net, SoundnessMode.FinalPlaces, options);
        else if (WorkflowNetStructure.Check(net).IsWorkflowNet)
            soundness = SoundnessChecker.Check(net, SoundnessMode.Classical, options);
        return new AnalysisResult(report, soundness, clock.Elapsed);
    }
}
