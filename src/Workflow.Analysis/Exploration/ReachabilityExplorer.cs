using System.Diagnostics;
using System.Runtime.CompilerServices;
using CircuitBreaker.Workflow.Analysis.Net;

namespace CircuitBreaker.Workflow.Analysis.Exploration;

/// <summary>Breadth-first construction of the reachability graph of a bounded net over packed markings.</summary>
public static class ReachabilityExplorer
{
    /// <summary>
    /// Explores from the initial marking, starting with 1 bit per place when the initial marking is 1-safe and
    /// widening (8, 16, 32 bits) and restarting when a place outgrows its field, up to <paramref name="maxBitsPerPlace"/>.
    /// </summary>
    public static ReachabilityGraph Explore(PlaceTransitionNet net, ExplorationOptions? options = null, int maxBitsPerPlace = 32)
    {
        options ??= new ExplorationOptions();
        var clock = Stopwatch.StartNew();
        var bits = MarkingLayout.BitsFor(net.Initial.DefaultIfEmpty(0).Max());
        var implied = ImpliedPlaces.Of(net);
        while (true)
        {
            var graph = ExploreWithCodec(net, new MarkingCodec(net.PlaceCount, bits, implied), options, clock);
            var wider = graph.Layout.WiderBits;
            if (graph.Stop != ExplorationStop.TokenOverflow || wider is null || wider > maxBitsPerPlace) return graph;
            bits = wider.Value;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: fully optimized from the first call (see PERFORMANCE.md)
    internal static ReachabilityGraph ExploreWithCodec(PlaceTransitionNet net, MarkingCodec codec, ExplorationOptions options, Stopwatch clock)
    {
        if (codec.Layout.BitsPerPlace == 1 && codec.Layout.Words == 1) return OneWordExplorer.Explore(net, codec, options, clock);
        var layout = codec.Layout;
        var set = new PackedMarkingSet(codec.KeyBytes);
        var graph = new ReachabilityGraph(net, codec, set);
        var places = net.PlaceCount;
        var transitions = net.TransitionCount;
        var deltaPlaces = net.DeltaPlaces;
        var deltaValues = net.DeltaValues;
        var current = new int[places];
        var currentWords = new ulong[layout.Words];
        var next = new ulong[layout.Words];
        var keyWords = codec.KeyWords;
        var max = layout.MaxValue;
        var start = clock.Elapsed;
        var nextProgress = start + options.ProgressInterval;
        long edges = 0;
        var touched = 0u;
        var (maxStates, capStop) = StateBudget.StateCap(options, codec.KeyBytes);

        if (net.Initial.Any(v => v > max)) return Finish(ExplorationStop.TokenOverflow, 0);
        layout.Pack(net.Initial, next);
        codec.MaskKey(next);
        set.AddOrGet(next.AsSpan(0, keyWords), PackedMarkingSet.Hash(next.AsSpan(0, keyWords)), out _);
        graph.AddParent(0);

        var index = new EnablingIndex(net, layout);
        var oneBit = layout.BitsPerPlace == 1;
        var inStart = index.InStart;
        var inPlace = index.InPlace;
        var inWeight = index.InWeight;
        var maskStart = index.MaskStart;
        var maskWord = index.MaskWord;
        var maskBits = index.MaskBits;
        var impossible = index.Impossible;
        var alwaysOverflows = index.AlwaysOverflows;
        var withoutInputs = index.Lists.Free;
        var byFirstStart = index.Lists.Start;
        var byFirst = index.Lists.Transitions;
        var markCount = new long[places];
        var candidates = new int[transitions];
        var xorStart = index.XorStart;
        var xorWord = index.XorWord;
        var xorBits = index.XorBits;
        var xorProduce = index.XorProduce;
        var batchKeys = new ulong[transitions * keyWords];
        var batchHash = new ulong[transitions];
        var batchTransition = new int[transitions];
        var lastKeyMask = codec.LastKeyWordMask;
        var stored = new bool[places];
        for (var p = 0; p < places; p++) stored[p] = layout.Position(p) < codec.StoredPlaces;
        var seenOr = new ulong[layout.Words];   // 1-bit: places ever marked
        var seenAnd = new ulong[layout.Words];  // 1-bit: places marked in every state
        Array.Fill(seenAnd, ulong.MaxValue);

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
            set.CopyKey(state, currentWords);
            codec.Expand(currentWords, oneBit ? default : current);
            if (oneBit) RecordOneBitMarking(graph, layout, currentWords, seenOr, seenAnd, state);
            else RecordMarking(graph, current, state);

            if (state < CandidateLists.SampleStates)
            {
                CountMarked(oneBit, currentWords, current, markCount);
                if (state == CandidateLists.SampleStates - 1)
                {
                    index.Lists = CandidateLists.Build(net, layout, markCount);
                    (byFirstStart, byFirst) = (index.Lists.Start, index.Lists.Transitions);
                    graph.MarkCount = markCount;
                }
            }

            var enabledAny = false;
            var candidateCount = 0;
            foreach (var t in withoutInputs) candidates[candidateCount++] = t;
            if (oneBit)
            {
                for (var w = 0; w < currentWords.Length; w++)
                {
                    for (var bits = currentWords[w]; bits != 0; bits &= bits - 1)
                    {
                        var p = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                        for (int i = byFirstStart[p], end = byFirstStart[p + 1]; i < end; i++) candidates[candidateCount++] = byFirst[i];
                    }
                }
            }
            else
            {
                for (var p = 0; p < places; p++)
                {
                    if (current[p] == 0) continue;
                    for (int i = byFirstStart[p], end = byFirstStart[p + 1]; i < end; i++) candidates[candidateCount++] = byFirst[i];
                }
            }
            // Phase 1: successor keys and hashes of every enabled transition. Overflow is checked on every changed
            // place, implied ones included (their values are in the full marking).
            var batch = 0;
            var overflow = false;
            for (var c = 0; c < candidateCount; c++)
            {
                var t = candidates[c];
                var enabled = true;
                if (oneBit)
                {
                    if (impossible[t]) continue;
                    for (int i = maskStart[t], end = maskStart[t + 1]; i < end; i++)
                    {
                        var bits = maskBits[i];
                        if ((currentWords[maskWord[i]] & bits) != bits) { enabled = false; break; }
                    }
                }
                else
                {
                    for (int i = inStart[t], end = inStart[t + 1]; i < end; i++)
                    {
                        if (current[inPlace[i]] < inWeight[i]) { enabled = false; break; }
                    }
                }
                if (!enabled) continue;
                enabledAny = true;
                if (graph.FirstEnabledState[t] < 0) graph.FirstEnabledState[t] = state;
                var offset = batch * keyWords;
                if (oneBit)
                {
                    if (alwaysOverflows[t]) { overflow = true; break; }
                    for (var w = 0; w < keyWords; w++) batchKeys[offset + w] = currentWords[w];
                    for (int i = xorStart[t], end = xorStart[t + 1]; i < end; i++)
                    {
                        var w = xorWord[i];
                        if ((currentWords[w] & xorProduce[i]) != 0) { overflow = true; break; }
                        if (w < keyWords) batchKeys[offset + w] ^= xorBits[i];
                    }
                    if (overflow) break;
                }
                else
                {
                    // Only stored places go into the key; implied ones are still checked for overflow.
                    var key = batchKeys.AsSpan(offset, keyWords);
                    currentWords.AsSpan(0, keyWords).CopyTo(key);
                    var dp = deltaPlaces[t];
                    var dv = deltaValues[t];
                    for (var i = 0; i < dp.Length; i++)
                    {
                        var value = (long)current[dp[i]] + dv[i];
                        if (value > max) { overflow = true; break; }
                        if (stored[dp[i]]) layout.Set(key, dp[i], (int)value);
                    }
                    if (overflow) break;
                }
                batchKeys[offset + keyWords - 1] &= lastKeyMask;
                batchHash[batch] = PackedMarkingSet.Hash(batchKeys.AsSpan(offset, keyWords));
                batchTransition[batch++] = t;
            }
            // Phase 2: touch every table slot first. The loads are independent, so the core overlaps their cache
            // misses (memory-level parallelism) instead of waiting for each lookup in turn.
            for (var i = 0; i < batch; i++) touched ^= set.Touch(batchHash[i]);
            // Phase 3: look up / insert in firing order, so state numbering stays breadth-first and deterministic.
            for (var i = 0; i < batch; i++)
            {
                edges++;
                var key = batchKeys.AsSpan(i * keyWords, keyWords);
                if (set.Count >= maxStates && set.IndexOf(key) < 0) { edges--; return Finish(capStop, state); }
                set.AddOrGet(key, batchHash[i], out var added);
                if (added) graph.AddParent(batchTransition[i]);
            }
            if (overflow) return Finish(ExplorationStop.TokenOverflow, state);
            if (!enabledAny) graph.DeadStateList.Add(state);
        }
        if (oneBit) FinishOneBitBounds(graph, layout, seenOr, seenAnd);
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

    // Sample for CandidateLists: per key (position or place), in how many markings it is marked.
    private static void CountMarked(bool oneBit, ulong[] words, int[] marking, long[] markCount)
    {
        if (oneBit)
        {
            for (var w = 0; w < words.Length; w++)
                for (var bits = words[w]; bits != 0; bits &= bits - 1) markCount[(w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits)]++;
            return;
        }
        for (var p = 0; p < marking.Length; p++)
            if (marking[p] != 0) markCount[p]++;
    }

    // 1-bit layout: bounds are 0/1, so per-place statistics reduce to word-wide OR/AND and a popcount.
    internal static void RecordOneBitMarking(ReachabilityGraph graph, MarkingLayout layout, ulong[] words, ulong[] seenOr, ulong[] seenAnd, int state)
    {
        var total = 0;
        for (var w = 0; w < words.Length; w++)
        {
            var fresh = words[w] & ~seenOr[w];
            if (fresh != 0)
            {
                seenOr[w] |= fresh;
                for (var p = 0; p < graph.PlaceMax.Length; p++)
                    if (graph.PlaceMax[p] == 0 && layout.Get(words, p) == 1) { graph.PlaceMax[p] = 1; graph.PlaceMaxState[p] = state; }
            }
            seenAnd[w] &= words[w];
            total += System.Numerics.BitOperations.PopCount(words[w]);
        }
        if (total > graph.MaxTokensPerMarking || state == 0)
        {
            graph.MaxTokensPerMarking = total;
            graph.MaxTokensPerMarkingState = state;
        }
    }

    internal static void FinishOneBitBounds(ReachabilityGraph graph, MarkingLayout layout, ulong[] seenOr, ulong[] seenAnd)
    {
        for (var p = 0; p < graph.PlaceMin.Length; p++)
        {
            graph.PlaceMax[p] = layout.Get(seenOr, p);
            graph.PlaceMin[p] = layout.Get(seenAnd, p);
        }
    }

    private static void RecordMarking(ReachabilityGraph graph, int[] marking, int state)
    {
        var total = 0L;
        var maxs = graph.PlaceMax;
        var mins = graph.PlaceMin;
        for (var p = 0; p < marking.Length; p++)
        {
            var v = marking[p];
            total += v;
            if (v > maxs[p] || state == 0) { maxs[p] = v; graph.PlaceMaxState[p] = state; }
            if (v < mins[p]) mins[p] = v;
        }
        var clamped = (int)Math.Min(total, int.MaxValue);
        if (clamped > graph.MaxTokensPerMarking || state == 0)
        {
            graph.MaxTokensPerMarking = clamped;
            graph.MaxTokensPerMarkingState = state;
        }
    }
}
