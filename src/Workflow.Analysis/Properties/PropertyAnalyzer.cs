using CircuitBreaker.Workflow.Analysis.Exploration;

namespace CircuitBreaker.Workflow.Analysis.Properties;

/// <summary>Derives <see cref="NetProperties"/> from a complete reachability graph.</summary>
public static class PropertyAnalyzer
{
    /// <summary>How many dead markings get a witness.</summary>
    public const int MaxListedDeadMarkings = 10;

    /// <summary>How many non-live transitions reports show with a witness (the others are listed by name).</summary>
    public const int MaxWitnessedNonLiveTransitions = 10;

    /// <summary>Computes every property; <paramref name="components"/> is computed when not supplied.</summary>
    public static NetProperties Analyze(ReachabilityGraph graph, ComponentAnalysis? components = null, CancellationToken cancellationToken = default)
    {
        if (!graph.IsComplete) throw new InvalidOperationException($"the reachability graph is incomplete ({graph.Stop})");
        var net = graph.Net;
        components ??= ComponentAnalysis.Run(graph, cancellationToken: cancellationToken);
        var finals = new HashSet<int>(net.Final);

        var dead = graph.DeadStates.Take(MaxListedDeadMarkings).Select(s =>
        {
            var m = graph.Marking(s);
            var isFinal = finals.Count > 0 && m.Any(v => v > 0) && Enumerable.Range(0, m.Length).All(p => m[p] == 0 || finals.Contains(p));
            return new DeadMarking(isFinal, graph.WitnessFor(s));
        }).ToArray();

        var nonLive = Enumerable.Range(0, net.TransitionCount)
            .Where(t => components.NonLiveWitnessState(t) >= 0)
            .Select(t => new NonLiveTransition(net.TransitionIds[t], () => graph.WitnessFor(components.NonLiveWitnessState(t))))
            .ToList();

        var terminal = components.TerminalComponents;
        var home = terminal.Count == 1 ? graph.WitnessFor(terminal[0].Representative) : null;
        var reversible = terminal.Count == 1 && components.ComponentOf(0) == components.ComponentOf(terminal[0].Representative);

        return new NetProperties
        {
            States = graph.StateCount,
            Edges = graph.EdgeCount,
            MaxTokensInPlace = graph.PlaceMax.DefaultIfEmpty(0).Max(),
            MaxTokensPerMarking = graph.MaxTokensPerMarking,
            PlaceBounds = Enumerable.Range(0, net.PlaceCount)
                .Select(p => new PlaceBound(net.PlaceIds[p], graph.PlaceMax[p], () => graph.WitnessFor(graph.PlaceMaxState[p]))).ToArray(),
            DeadMarkings = dead,
            DeadMarkingCount = graph.DeadStates.Count,
            DeadTransitions = Enumerable.Range(0, net.TransitionCount).Where(t => graph.FirstEnabled(t) < 0).Select(t => net.TransitionIds[t]).ToArray(),
            Live = nonLive.Count == 0,
            NonLiveTransitions = nonLive,
            StablePlaces = Enumerable.Range(0, net.PlaceCount).Where(p => graph.PlaceMin[p] == graph.PlaceMax[p]).Select(p => net.PlaceIds[p]).ToArray(),
            Reversible = reversible,
            HomeMarking = home,
            TerminalComponents = terminal.Count,
        };
    }
}
