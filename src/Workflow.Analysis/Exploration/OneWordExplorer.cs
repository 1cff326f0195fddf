using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using CircuitBreaker.Workflow.Analysis.Net;

namespace CircuitBreaker.Workflow.Analysis.Exploration;

/// <summary>
/// <see cref="ReachabilityExplorer"/> for the most common case, 1-safe nets with at most 64 places: the whole marking
/// is one <c>ulong</c>, a transition is enabled when <c>(m &amp; need) == need</c>, and its successor key is
/// <c>(m ^ toggle) &amp; keyMask</c>, all in registers with one flat array per transition. Same results, same state
/// order as the general loop (kept separate because the per-edge cost there is dominated by array and span handling).
/// </summary>
internal static class OneWordExplorer
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: fully optimized from the first call (see PERFORMANCE.md)
    public static ReachabilityGraph Explore(PlaceTransitionNet net, MarkingCodec codec, ExplorationOptions options, Stopwatch clock)
    {
        var layout = codec.Layout;
        var set = new PackedMarkingSet(codec.KeyBytes);
        var graph = new ReachabilityGraph(net, codec, set);
        var transitions = net.TransitionCount;
        var start = clock.Elapsed;
        var nextProgress = start + options.ProgressInterval;
        long edges = 0;
        var touched = 0u;

        if (net.Initial.Any(v => v > 1)) return Finish(ExplorationStop.TokenOverflow, 0);
        var words = new ulong[1];
        layout.Pack(net.Initial, words);
        var keyMask = codec.LastKeyWordMask;
        set.AddOrGet(words[0] & keyMask, PackedMarkingSet.Hash(words[0] & keyMask), out _);
        graph.AddParent(0);

        var index = new EnablingIndex(net, layout);
        // One record per transition (a one-word layout has at most one mask entry each). Transitions needing two tokens
        // from a place can never fire with one bit per place and are left out of the candidate lists.
        var masks = new TransitionMasks[transitions];
        for (var t = 0; t < transitions; t++)
        {
            ref var m = ref masks[t];
            for (var i = index.MaskStart[t]; i < index.MaskStart[t + 1]; i++) m.Need |= index.MaskBits[i];
            for (var i = index.XorStart[t]; i < index.XorStart[t + 1]; i++)
            {
                m.Toggle |= index.XorBits[i];
                m.Produce |= index.XorProduce[i];
            }
            m.AlwaysOverflows = index.AlwaysOverflows[t];
        }
        var possible = (int t) => !index.Impossible[t];
        var lists = CandidateLists.Build(net, layout, null, possible);
        var withoutInputs = lists.Free;
        var byFirstStart = lists.Start;
        var byFirst = lists.Transitions;
        var markCount = new long[64];
        var candidates = new int[transitions];
        var batchKeys = new ulong[transitions];
        var batchHash = new ulong[transitions];
        var batchTransition = new int[transitions];
        var batchIndex = new int[transitions];
        var seenOr = 0UL;
        var seenAnd = ulong.MaxValue;
        var places = net.PlaceCount;
        var firstEnabled = graph.FirstEnabledState;
        var (maxStates, capStop) = StateBudget.StateCap(options, codec.KeyBytes);
        var unseen = transitions;

        var state = 0;
        for (; state < set.Count; state++)
        {
            if ((state & 1023) == 0)
            {
                if (options.CancellationToken.IsCancellationRequested) return Finish(ExplorationStop.Cancelled, state);
                var now = clock.Elapsed;
                if (options.TimeLimit is { } limit && now - start > limit) return Finish(ExplorationStop.TimeLimit, state);
                if (options.Progress is { } progress && now >= nextProgress)
                {
                    progress.Report(new ExplorationProgress(set.Count, state, edges, now - start));
                    nextProgress = now + options.ProgressInterval;
                }
            }
            var current = codec.ExpandOneWord(set.GetWord(state));
            // Bounds of a 1-bit marking: which places were ever / always marked, and the largest token total.
            var fresh = current & ~seenOr;
            if (fresh != 0)
            {
                seenOr |= fresh;
                for (var p = 0; p < places; p++)
                    if ((fresh & (1UL << layout.Position(p))) != 0) { graph.PlaceMax[p] = 1; graph.PlaceMaxState[p] = state; }
            }
            seenAnd &= current;
            var tokens = BitOperations.PopCount(current);
            if (tokens > graph.MaxTokensPerMarking || state == 0)
            {
                graph.MaxTokensPerMarking = tokens;
                graph.MaxTokensPerMarkingState = state;
            }

            if (state < CandidateLists.SampleStates)
            {
                for (var bits = current; bits != 0; bits &= bits - 1) markCount[BitOperations.TrailingZeroCount(bits)]++;
                if (state == CandidateLists.SampleStates - 1)
                {
                    lists = CandidateLists.Build(net, layout, markCount, possible);
                    (byFirstStart, byFirst) = (lists.Start, lists.Transitions);
                    graph.MarkCount = markCount;
                }
            }

            var candidateCount = 0;
            foreach (var t in withoutInputs) candidates[candidateCount++] = t;
            for (var bits = current; bits != 0; bits &= bits - 1)
            {
                var p = BitOperations.TrailingZeroCount(bits);
                for (int i = byFirstStart[p], end = byFirstStart[p + 1]; i < end; i++) candidates[candidateCount++] = byFirst[i];
            }

            // Phase 1: keys and hashes of all successors; phase 2: touch their table slots so the cache misses overlap;
            // phase 3: look up / insert in firing order (see ReachabilityExplorer).
            var batch = 0;
            var overflow = false;
            var enabledAny = false;
            for (var c = 0; c < candidateCount; c++)
            {
                var t = candidates[c];
                ref readonly var m = ref masks[t];
                if ((current & m.Need) != m.Need) continue;
                enabledAny = true;
                // Once every transition has been seen enabled, this costs a register compare per firing.
                if (unseen > 0 && firstEnabled[t] < 0)
                {
                    firstEnabled[t] = state;
                    unseen--;
                }
                if ((current & m.Produce) != 0 || m.AlwaysOverflows) { overflow = true; break; }
                var key = (current ^ m.Toggle) & keyMask;
                batchKeys[batch] = key;
                batchHash[batch] = PackedMarkingSet.Hash(key);
                batchTransition[batch++] = t;
            }
            for (var i = 0; i < batch; i++) touched ^= set.Touch(batchHash[i]);
            var before = set.Count;
            if (before + batch <= maxStates)
            {
                set.AddOrGetBatch(batchKeys.AsSpan(0, batch), batchHash.AsSpan(0, batch), batchIndex);
                edges += batch;
                // New states got consecutive indices; the first firing that reached each one is its BFS tree edge.
                for (int i = 0, next = before; i < batch; i++)
                    if (batchIndex[i] == next) { graph.AddParent(batchTransition[i]); next++; }
            }
            else
            {
                // Near the state limit: one by one, so the run stops exactly at the first state too many.
                for (var i = 0; i < batch; i++)
                {
                    edges++;
                    if (set.Count >= maxStates && set.IndexOf([batchKeys[i]]) < 0) { edges--; return Finish(capStop, state); }
                    set.AddOrGet(batchKeys[i], batchHash[i], out var added);
                    if (added) graph.AddParent(batchTransition[i]);
                }
            }
            if (overflow) return Finish(ExplorationStop.TokenOverflow, state);
            if (!enabledAny) graph.DeadStateList.Add(state);
        }
        ReachabilityExplorer.FinishOneBitBounds(graph, layout, [seenOr], [seenAnd]);
        return Finish(ExplorationStop.Completed, state);

        ReachabilityGraph Finish(ExplorationStop stop, int expanded)
        {
            graph.Stop = stop;
            graph.ExpandedCount = expanded;
            graph.EdgeCount = edges;
            graph.Elapsed = clock.Elapsed - start;
            set.Touched = touched;
            return graph;
        }
    }

    private struct TransitionMasks
    {
        public ulong Need;     // input places
        public ulong Toggle;   // places whose token count changes
        public ulong Produce;  // places that gain a token (already marked = overflow of the 1-bit field)
        public bool AlwaysOverflows;
    }
}
