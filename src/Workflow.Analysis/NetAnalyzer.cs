using CircuitBreaker.Workflow.Analysis.Coverability;
using CircuitBreaker.Workflow.Analysis.Exploration;
using CircuitBreaker.Workflow.Analysis.Net;
using CircuitBreaker.Workflow.Analysis.Properties;

namespace CircuitBreaker.Workflow.Analysis;

/// <summary>Everything known about a net after analysis.</summary>
/// <param name="Net">The analysed net.</param>
/// <param name="Bounded">True/false when decided; null when the limits stopped both exploration and coverability.</param>
/// <param name="Coverability">The coverability result when it was needed (token growth or limits), else null.</param>
/// <param name="Graph">The reachability graph (possibly incomplete; see <see cref="ReachabilityGraph.Stop"/>), null when the net is unbounded.</param>
/// <param name="Properties">Behavioural properties; null unless the graph is complete.</param>
public sealed record AnalysisReport(PlaceTransitionNet Net, bool? Bounded, CoverabilityResult? Coverability, ReachabilityGraph? Graph, NetProperties? Properties);

/// <summary>
/// Entry point: explores the state space with packed markings; when a place outgrows a byte or a limit is hit,
/// runs the Karp–Miller construction to tell an unbounded net (with ω places and pumping sequences) from a big one.
/// </summary>
public static class NetAnalyzer
{
    /// <summary>Node budget of the coverability pass that runs before exploration.</summary>
    public const int PrecheckNodes = 2_000;

    /// <summary>Analyses <paramref name="net"/> within the limits of <paramref name="options"/>.</summary>
    public static AnalysisReport Analyze(PlaceTransitionNet net, ExplorationOptions? options = null)
    {
        options ??= new ExplorationOptions();
        // A small Karp–Miller pass first: it settles small unbounded nets before BFS wastes time on
        // every combination of growing places below the byte limit.
        var coverability = CoverabilityAnalyzer.Analyze(net,
            StateBudget.CoverabilityNodes(options, net.PlaceCount, Math.Min(PrecheckNodes, options.MaxCoverabilityNodes)), options.CancellationToken);
        if (coverability is { Decided: true, Bounded: false })
            return new AnalysisReport(net, false, coverability, null, null);
        if (!coverability.Decided) coverability = null;
        var graph = ReachabilityExplorer.Explore(net, options, maxBitsPerPlace: coverability is null ? 8 : 32);
        if (coverability is null && graph.Stop is ExplorationStop.TokenOverflow or ExplorationStop.StateLimit or ExplorationStop.TimeLimit or ExplorationStop.MemoryBudget)
        {
            coverability = CoverabilityAnalyzer.Analyze(net, StateBudget.CoverabilityNodes(options, net.PlaceCount, options.MaxCoverabilityNodes), options.CancellationToken);
            if (coverability is { Decided: true, Bounded: false })
                return new AnalysisReport(net, false, coverability, null, null);
        }
        if (graph.Stop == ExplorationStop.TokenOverflow && graph.BitsPerPlace < 32)
            graph = ReachabilityExplorer.Explore(net, options);
        if (!graph.IsComplete)
            return new AnalysisReport(net, coverability?.Decided == true ? coverability.Bounded : null, coverability, graph, null);
        var properties = PropertyAnalyzer.Analyze(graph, cancellationToken: options.CancellationToken);
        return new AnalysisReport(net, true, coverability, graph, properties);
    }
}
