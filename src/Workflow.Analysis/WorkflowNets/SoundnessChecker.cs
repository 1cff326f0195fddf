using CircuitBreaker.Workflow.Analysis.Exploration;
using CircuitBreaker.Workflow.Analysis.Net;

namespace CircuitBreaker.Workflow.Analysis.WorkflowNets;

/// <summary>Decides soundness of workflow nets from the reachability graph, with counterexamples.</summary>
public static class SoundnessChecker
{
    /// <summary>Suffix of the id of the extra transition sink→source added to build the short-circuited net.</summary>
    public const string ShortCircuitTransitionId = "__short_circuit";

    /// <summary>Checks soundness of <paramref name="net"/> in the given <paramref name="mode"/>.</summary>
    public static SoundnessReport Check(PlaceTransitionNet net, SoundnessMode mode = SoundnessMode.Classical, ExplorationOptions? options = null)
    {
        options ??= new ExplorationOptions();
        var structure = WorkflowNetStructure.Check(net);
        var finals = new HashSet<int>(mode == SoundnessMode.Classical ? (structure.Sink >= 0 ? [structure.Sink] : []) : net.Final);
        if (finals.Count == 0 || (mode == SoundnessMode.Classical && structure.Source < 0))
            return Undecided(mode == SoundnessMode.Classical ? "no unique source and sink place" : "the net declares no final places");

        var start = net;
        if (mode == SoundnessMode.Classical)
        {
            var initial = new int[net.PlaceCount];
            initial[structure.Source] = 1;
            start = net.WithInitialMarking(initial);
        }
        var report = NetAnalyzer.Analyze(start, options);
        if (report.Bounded == false)
            return new SoundnessReport { Mode = mode, Structure = structure, Decided = true, Bounded = false, UnboundedPlaces = report.Coverability!.UnboundedPlaces };
        if (report.Graph is not { IsComplete: true } graph) return Undecided($"state space not fully explored ({report.Graph?.Stop})");

        // Final marking: classical = exactly one token in the sink; final-place mode = tokens only in final places.
        bool IsFinal(int[] m)
        {
            if (mode == SoundnessMode.Classical) return m[structure.Sink] == 1 && m.Sum() == 1;
            var any = false;
            for (var p = 0; p < m.Length; p++)
            {
                if (m[p] == 0) continue;
                if (!finals.Contains(p)) return false;
                any = true;
            }
            return any;
        }
        var isGoal = new bool[graph.StateCount];
        Witness? improper = null;
        for (var s = 0; s < graph.StateCount; s++)
        {
            var m = graph.Marking(s);
            isGoal[s] = IsFinal(m);
            if (improper is null && !isGoal[s] && finals.Any(p => m[p] > 0) && (mode == SoundnessMode.FinalPlaces || m[structure.Sink] >= 1))
                improper = graph.WitnessFor(s);
        }
        var components = ComponentAnalysis.Run(graph, s => isGoal[s], options.CancellationToken);
        Witness? stuck = null;
        for (var s = 0; s < graph.StateCount && stuck is null; s++)
            if (!components.ReachesGoal(s)) stuck = graph.WitnessFor(s);
        var dead = report.Properties!.DeadTransitions;

        return new SoundnessReport
        {
            Mode = mode,
            Structure = structure,
            Decided = true,
            Bounded = true,
            OptionToComplete = stuck is null,
            OptionToCompleteCounterexample = stuck,
            ProperCompletion = improper is null,
            ProperCompletionCounterexample = improper,
            NoDeadTransitions = dead.Count == 0,
            DeadTransitions = dead,
            ShortCircuitedLiveAndBounded = mode == SoundnessMode.Classical ? ShortCircuitedLiveAndBounded(start, structure, options) : null,
        };

        SoundnessReport Undecided(string reason) => new() { Mode = mode, Structure = structure, Decided = false, UndecidedReason = reason };
    }

    /// <summary>The net with an extra transition moving the token from the sink back to the source.</summary>
    public static PlaceTransitionNet ShortCircuit(PlaceTransitionNet net, int source, int sink)
    {
        var builder = new PlaceTransitionNetBuilder(net.Id);
        for (var p = 0; p < net.PlaceCount; p++) builder.AddPlace(net.PlaceIds[p], net.InitialMarking[p], net.PlaceNames[p]);
        for (var t = 0; t < net.TransitionCount; t++)
        {
            builder.AddTransition(net.TransitionIds[t], net.TransitionNames[t]);
            foreach (var a in net.Inputs(t)) builder.AddArc(net.PlaceIds[a.Place], net.TransitionIds[t], a.Weight);
            foreach (var a in net.Outputs(t)) builder.AddArc(net.TransitionIds[t], net.PlaceIds[a.Place], a.Weight);
        }
        var id = ShortCircuitTransitionId;
        while (net.TransitionIndex(id) >= 0 || net.PlaceIndex(id) >= 0) id = "_" + id;
        builder.AddTransition(id).AddArc(net.PlaceIds[sink], id).AddArc(id, net.PlaceIds[source]);
        return builder.Build();
    }

    private static bool? ShortCircuitedLiveAndBounded(PlaceTransitionNet net, WorkflowNetStructure structure, ExplorationOptions options)
    {
        var report = NetAnalyzer.Analyze(ShortCircuit(net, structure.Source, structure.Sink), options);
        if (report.Bounded == false) return false;
        return report.Properties?.Live;
    }
}
