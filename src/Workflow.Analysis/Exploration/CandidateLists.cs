using CircuitBreaker.Workflow.Analysis.Net;

namespace CircuitBreaker.Workflow.Analysis.Exploration;

/// <summary>
/// Which transitions to check in a marking: a transition can only be enabled when each of its input places is
/// marked, so it is filed under one of them and only the lists of marked places are scanned. Filed under the
/// input place that is marked least often (counted over a sample of explored markings), a transition is looked at
/// in few markings where it is not enabled; without a sample, under its first input. Lists are keyed by bit
/// position in 1-bit layouts (the marking's set bits) and by place index otherwise.
/// </summary>
internal sealed class CandidateLists
{
    /// <summary>How many explored markings are counted before the lists are refiled.</summary>
    public const int SampleStates = 1024;

    private CandidateLists(int[] start, int[] transitions, int[] free)
    {
        Start = start;
        Transitions = transitions;
        Free = free;
    }

    /// <summary>Transitions filed under key k are <c>Transitions[Start[k]..Start[k + 1]]</c>.</summary>
    public int[] Start { get; }

    public int[] Transitions { get; }

    /// <summary>Transitions without input places (candidates in every marking).</summary>
    public int[] Free { get; }

    /// <param name="net">The net.</param>
    /// <param name="layout">Decides the keys (positions for 1-bit layouts, places otherwise).</param>
    /// <param name="markCount">Per key, in how many sampled markings it was marked; null = no sample yet.</param>
    /// <param name="include">Transitions to list (1-bit explorers leave out those that can never fire).</param>
    public static CandidateLists Build(PlaceTransitionNet net, MarkingLayout layout, long[]? markCount, Func<int, bool>? include = null)
    {
        var oneBit = layout.BitsPerPlace == 1;
        var lists = Enumerable.Range(0, net.PlaceCount).Select(_ => new List<int>()).ToArray();
        var free = new List<int>();
        for (var t = 0; t < net.TransitionCount; t++)
        {
            if (include is not null && !include(t)) continue;
            if (net.InputArcs[t].Length == 0)
            {
                free.Add(t);
                continue;
            }
            var key = -1;
            foreach (var arc in net.InputArcs[t])
            {
                var k = oneBit ? layout.Position(arc.Place) : arc.Place;
                if (key < 0 || (markCount?[k] ?? 0, k).CompareTo((markCount?[key] ?? 0, key)) < 0) key = k;
            }
            lists[key].Add(t);
        }
        var start = new int[net.PlaceCount + 1];
        for (var k = 0; k < net.PlaceCount; k++) start[k + 1] = start[k] + lists[k].Count;
        return new CandidateLists(start, [.. lists.SelectMany(l => l)], [.. free]);
    }
}
