using System.Runtime.CompilerServices;

namespace CircuitBreaker.Workflow.Analysis.Exploration;

/// <summary>A terminal strongly connected component of the reachability graph (no firing leaves it).</summary>
/// <param name="Representative">Smallest (closest to the initial marking) state index in the component.</param>
/// <param name="Size">Number of markings in the component.</param>
/// <param name="MissingTransitionCount">How many transitions never fire inside the component, i.e. are dead once it is entered.</param>
public sealed record TerminalComponent(int Representative, int Size, int MissingTransitionCount);

/// <summary>
/// Strongly connected components of a complete reachability graph (iterative Tarjan over edges regenerated
/// by firing), with the terminal components and, optionally, which states can still reach a goal set.
/// </summary>
public sealed class ComponentAnalysis
{
    private readonly int[] _componentOf;
    private readonly List<bool> _componentReachesGoal = [];

    private ComponentAnalysis(int states) => _componentOf = new int[states];

    private int[] _nonLiveWitness = [];

    /// <summary>
    /// For transition <paramref name="t"/>, the smallest (nearest) state of a terminal component in which it never fires,
    /// or -1 when it fires in every terminal component. The net is live iff this is -1 for every transition.
    /// </summary>
    public int NonLiveWitnessState(int t) => _nonLiveWitness[t];

    /// <summary>Terminal components in the order Tarjan closed them.</summary>
    public IReadOnlyList<TerminalComponent> TerminalComponents { get; private set; } = [];

    /// <summary>Number of strongly connected components.</summary>
    public int ComponentCount => _componentReachesGoal.Count;

    /// <summary>Component id of a state.</summary>
    public int ComponentOf(int state) => _componentOf[state];

    /// <summary>True when some goal state is reachable from <paramref name="state"/> (false when no goal was given).</summary>
    public bool ReachesGoal(int state) => _componentReachesGoal[_componentOf[state]];

    /// <summary>Runs the analysis. <paramref name="isGoal"/> marks goal states for <see cref="ReachesGoal"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: fully optimized from the first call (see PERFORMANCE.md)
    public static ComponentAnalysis Run(ReachabilityGraph graph, Func<int, bool>? isGoal = null, CancellationToken cancellationToken = default)
    {
        if (!graph.IsComplete) throw new InvalidOperationException("component analysis needs a complete reachability graph");
        var n = graph.StateCount;
        var result = new ComponentAnalysis(n);
        var net = graph.Net;
        var layout = graph.Layout;
        var set = graph.Set;
        var transitions = net.TransitionCount;
        var index = new int[n];
        Array.Fill(index, -1);
        var low = new int[n];
        var componentOf = result._componentOf;
        Array.Fill(componentOf, -1);
        var flags = new byte[n]; // 1 = has an edge leaving its component, 2 = such an edge leads to a goal-reaching component
        var tarjanStack = new int[n];
        var tarjanTop = 0;
        var frameState = new int[n];
        var frameNext = new int[n];
        var frameTop = 0;
        var marking = new int[net.PlaceCount];
        var words = new ulong[layout.Words];
        var terminal = new List<TerminalComponent>();
        var nextIndex = 0;
        var enabling = new EnablingIndex(net, layout, graph.MarkCount);
        var candidates = new int[transitions];
        var fires = new bool[transitions];
        var fired = new List<int>();
        var nonLive = new int[transitions];
        Array.Fill(nonLive, -1);

        void Push(int s)
        {
            index[s] = low[s] = nextIndex++;
            tarjanStack[tarjanTop++] = s;
            frameState[frameTop] = s;
            frameNext[frameTop++] = 0;
        }

        void NoteCompletedEdge(int from, int to)
        {
            flags[from] |= 1;
            if (result._componentReachesGoal[componentOf[to]]) flags[from] |= 2;
        }

        Push(0);
        var steps = 0;
        while (frameTop > 0)
        {
            if ((++steps & 4095) == 0) cancellationToken.ThrowIfCancellationRequested();
            var f = frameTop - 1;
            var v = frameState[f];
            set.CopyKey(v, words);
            graph.Codec.Expand(words, enabling.OneBit ? default : marking);
            var descended = false;
            var candidateCount = enabling.Candidates(marking, words, candidates);
            for (var c = frameNext[f]; c < candidateCount; c++)
            {
                var t = candidates[c];
                if (!enabling.IsEnabled(t, marking, words)) continue;
                var w = Successor(graph, words, marking, t);
                if (index[w] < 0)
                {
                    frameNext[f] = c + 1;
                    Push(w);
                    descended = true;
                    break;
                }
                if (componentOf[w] < 0) low[v] = Math.Min(low[v], index[w]);
                else NoteCompletedEdge(v, w);
            }
            if (descended) continue;

            frameTop--;
            if (low[v] == index[v]) CloseComponent(v);
            if (frameTop > 0)
            {
                var parent = frameState[frameTop - 1];
                if (componentOf[v] < 0) low[parent] = Math.Min(low[parent], low[v]);
                else NoteCompletedEdge(parent, v);
            }
        }
        result.TerminalComponents = terminal;
        result._nonLiveWitness = nonLive;
        return result;

        void CloseComponent(int root)
        {
            var id = result._componentReachesGoal.Count;
            var exits = false;
            var reaches = false;
            var representative = int.MaxValue;
            var first = tarjanTop;
            int s;
            do
            {
                s = tarjanStack[--first];
                componentOf[s] = id;
                exits |= (flags[s] & 1) != 0;
                reaches |= (flags[s] & 2) != 0 || (isGoal?.Invoke(s) ?? false);
                representative = Math.Min(representative, s);
            } while (s != root);
            var size = tarjanTop - first;
            result._componentReachesGoal.Add(reaches);
            if (exits)
            {
                tarjanTop = first;
                return;
            }
            var m = new int[net.PlaceCount];
            var memberWords = new ulong[layout.Words];
            for (var i = first; i < tarjanTop; i++)
            {
                set.CopyKey(tarjanStack[i], memberWords);
                graph.Codec.Expand(memberWords, enabling.OneBit ? default : m);
                var count = enabling.Candidates(m, memberWords, candidates);
                for (var c = 0; c < count; c++)
                {
                    var t = candidates[c];
                    if (!fires[t] && enabling.IsEnabled(t, m, memberWords)) { fires[t] = true; fired.Add(t); }
                }
            }
            tarjanTop = first;
            terminal.Add(new TerminalComponent(representative, size, transitions - fired.Count));
            // Components close in reverse topological order, not BFS order, so keep the nearest representative.
            if (fired.Count < transitions)
                for (var t = 0; t < transitions; t++)
                    if (!fires[t] && (nonLive[t] < 0 || representative < nonLive[t])) nonLive[t] = representative;
            foreach (var t in fired) fires[t] = false;
            fired.Clear();
        }
    }

    private static int Successor(ReachabilityGraph graph, ulong[] words, int[] marking, int t)
    {
        Span<ulong> next = stackalloc ulong[words.Length];
        words.CopyTo(next);
        var dp = graph.Net.DeltaPlaces[t];
        var dv = graph.Net.DeltaValues[t];
        var oneBit = graph.Layout.BitsPerPlace == 1;
        for (var i = 0; i < dp.Length; i++)
            graph.Layout.Set(next, dp[i], (oneBit ? graph.Layout.Get(words, dp[i]) : marking[dp[i]]) + dv[i]);
        graph.Codec.MaskKey(next);
        var w = graph.Set.IndexOf(next[..graph.Codec.KeyWords]);
        if (w < 0) throw new InvalidOperationException("successor missing from a complete reachability graph");
        return w;
    }
}
