using CircuitBreaker.Workflow.Analysis.Net;

namespace CircuitBreaker.Workflow.Analysis.Coverability;

/// <summary>An unbounded place with a firing sequence that pumps it.</summary>
/// <param name="Place">Place id.</param>
/// <param name="Prefix">Sequence from the initial marking to a marking M (the ancestor).</param>
/// <param name="Pump">Sequence from M back to a marking M' ≥ M with more tokens on <paramref name="Place"/>; repeating it grows the place without bound.</param>
public sealed record UnboundedPlace(string Place, Witness Prefix, IReadOnlyList<string> Pump);

/// <summary>Outcome of the coverability construction.</summary>
/// <param name="Decided">False when the node budget ran out before the construction finished.</param>
/// <param name="Bounded">True when finished without ω (then the nodes are exactly the reachable markings).</param>
/// <param name="Nodes">Number of distinct (generalised) markings built.</param>
/// <param name="UnboundedPlaces">Places that received ω, each with a pumping sequence.</param>
public sealed record CoverabilityResult(bool Decided, bool Bounded, int Nodes, IReadOnlyList<UnboundedPlace> UnboundedPlaces);

/// <summary>
/// Karp–Miller coverability graph: like BFS reachability, but when a new marking strictly covers a marking
/// on its path from the root, the places that grew become ω. Identical markings are merged. A finished run
/// without ω proves boundedness; every ω place is unbounded, witnessed by the path segment that pumps it.
/// </summary>
public static class CoverabilityAnalyzer
{
    /// <summary>ω, the "arbitrarily many tokens" value.</summary>
    public const int Omega = int.MaxValue;

    /// <summary>Builds the coverability graph with at most <paramref name="maxNodes"/> nodes.</summary>
    public static CoverabilityResult Analyze(PlaceTransitionNet net, int maxNodes = 20_000, CancellationToken cancellationToken = default)
    {
        var nodes = new List<int[]> { net.Initial.ToArray() };
        var parent = new List<int> { -1 };
        var via = new List<int> { -1 };
        var sums = new List<long> { Sum(nodes[0]) };
        var seen = new Dictionary<int[], int>(MarkingComparer.Instance) { [nodes[0]] = 0 };
        var omegaWitness = new Dictionary<int, UnboundedPlace>();
        for (var n = 0; n < nodes.Count; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var m = nodes[n];
            for (var t = 0; t < net.TransitionCount; t++)
            {
                if (!net.IsEnabled(t, m)) continue;
                var next = m.ToArray();
                var dp = net.DeltaPlaces[t];
                var dv = net.DeltaValues[t];
                for (var i = 0; i < dp.Length; i++)
                    if (next[dp[i]] != Omega) next[dp[i]] = (int)Math.Min(Omega - 1L, (long)next[dp[i]] + dv[i]);
                Accelerate(net, next, n, t, nodes, parent, via, sums, omegaWitness);
                if (seen.ContainsKey(next)) continue;
                if (nodes.Count >= maxNodes) return new CoverabilityResult(false, false, nodes.Count, Sorted(omegaWitness));
                seen[next] = nodes.Count;
                nodes.Add(next);
                parent.Add(n);
                via.Add(t);
                sums.Add(Sum(next));
            }
        }
        return new CoverabilityResult(true, omegaWitness.Count == 0, nodes.Count, Sorted(omegaWitness));
    }

    private static void Accelerate(PlaceTransitionNet net, int[] next, int from, int t,
        List<int[]> nodes, List<int> parent, List<int> via, List<long> sums, Dictionary<int, UnboundedPlace> witnesses)
    {
        var sum = Sum(next);
        for (var a = from; a >= 0; a = parent[a])
        {
            // Strictly covering implies a strictly larger token sum; this rejects most ancestors in O(1).
            if (sum <= sums[a]) continue;
            var ancestor = nodes[a];
            var covers = true;
            var strictly = false;
            for (var p = 0; p < next.Length && covers; p++)
            {
                if (next[p] < ancestor[p]) covers = false;
                else if (next[p] > ancestor[p]) strictly = true;
            }
            if (!covers || !strictly) continue;
            List<int>? pump = null;
            for (var p = 0; p < next.Length; p++)
            {
                if (next[p] <= ancestor[p]) continue;
                next[p] = Omega;
                if (witnesses.ContainsKey(p)) continue;
                pump ??= PathBetween(a, from, parent, via).Append(t).ToList();
                witnesses[p] = new UnboundedPlace(net.PlaceIds[p],
                    Witness.Of(net, PathBetween(0, a, parent, via), ancestor), pump.Select(x => net.TransitionIds[x]).ToArray());
            }
            sum = Sum(next);
        }
    }

    private static IEnumerable<int> PathBetween(int ancestor, int node, List<int> parent, List<int> via)
    {
        var path = new List<int>();
        for (var n = node; n != ancestor; n = parent[n]) path.Add(via[n]);
        path.Reverse();
        return path;
    }

    private static long Sum(int[] marking)
    {
        var sum = 0L;
        foreach (var v in marking) sum += v;
        return sum;
    }

    // Coverability nodes are few (bounded by the node budget), so plain arrays with a structural comparer suffice here.
    private sealed class MarkingComparer : IEqualityComparer<int[]>
    {
        public static readonly MarkingComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] marking)
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(marking.AsSpan()));
            return hash.ToHashCode();
        }
    }

    private static IReadOnlyList<UnboundedPlace> Sorted(Dictionary<int, UnboundedPlace> witnesses) =>
        witnesses.OrderBy(kv => kv.Key).Select(kv => kv.Value).ToArray();
}
