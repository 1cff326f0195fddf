using CircuitBreaker.Workflow.Analysis.Net;

namespace CircuitBreaker.Workflow.Analysis.Exploration;

/// <summary>
/// Input arcs of every transition flattened into contiguous arrays (one cache-friendly scan per marking),
/// plus, for 1-bit layouts, per-word bit masks so enabledness is a few AND/compare operations on packed words.
/// </summary>
internal sealed class EnablingIndex
{
    public readonly int[] InStart;
    public readonly int[] InPlace;
    public readonly int[] InWeight;
    public readonly int[] MaskStart;
    public readonly int[] MaskWord;
    public readonly ulong[] MaskBits;
    /// <summary>1-bit layout only: a transition needing two tokens from one place can never fire there.</summary>
    public readonly bool[] Impossible;

    public readonly bool OneBit;
    /// <summary>Which transitions to check per marking; replaced by a sampled filing during exploration.</summary>
    public CandidateLists Lists { get; set; }
    // 1-bit firing: successor = current XOR toggles; a produced place (delta +1) that is already marked overflows.
    public readonly int[] XorStart;
    public readonly int[] XorWord;
    public readonly ulong[] XorBits;
    public readonly ulong[] XorProduce;
    /// <summary>1-bit layout only: firing adds two or more tokens to a place, which never fits one bit.</summary>
    public readonly bool[] AlwaysOverflows;

    public EnablingIndex(PlaceTransitionNet net, MarkingLayout layout, long[]? markCount = null)
    {
        OneBit = layout.BitsPerPlace == 1;
        Lists = CandidateLists.Build(net, layout, markCount);
        var transitions = net.TransitionCount;
        InStart = new int[transitions + 1];
        MaskStart = new int[transitions + 1];
        Impossible = new bool[transitions];
        XorStart = new int[transitions + 1];
        AlwaysOverflows = new bool[transitions];
        var xorWords = new List<int>();
        var xorBits = new List<ulong>();
        var xorProduce = new List<ulong>();
        var places = new List<int>();
        var weights = new List<int>();
        var maskWords = new List<int>();
        var maskBits = new List<ulong>();
        for (var t = 0; t < transitions; t++)
        {
            InStart[t] = places.Count;
            MaskStart[t] = maskWords.Count;
            var words = new SortedDictionary<int, ulong>();
            foreach (var arc in net.InputArcs[t])
            {
                places.Add(arc.Place);
                weights.Add(arc.Weight);
                if (layout.BitsPerPlace != 1) continue;
                if (arc.Weight > 1) Impossible[t] = true;
                var single = new ulong[layout.Words];
                layout.Set(single, arc.Place, 1);
                for (var w = 0; w < single.Length; w++)
                    if (single[w] != 0) words[w] = words.GetValueOrDefault(w) | single[w];
            }
            foreach (var (w, bits) in words)
            {
                maskWords.Add(w);
                maskBits.Add(bits);
            }
            XorStart[t] = xorWords.Count;
            if (layout.BitsPerPlace != 1) continue;
            var toggles = new SortedDictionary<int, (ulong Bits, ulong Produce)>();
            var dp = net.DeltaPlaces[t];
            var dv = net.DeltaValues[t];
            for (var i = 0; i < dp.Length; i++)
            {
                if (dv[i] >= 2) { AlwaysOverflows[t] = true; continue; }
                var single = new ulong[layout.Words];
                layout.Set(single, dp[i], 1);
                for (var w = 0; w < single.Length; w++)
                {
                    if (single[w] == 0) continue;
                    var (bits, produce) = toggles.GetValueOrDefault(w);
                    toggles[w] = (bits | single[w], dv[i] > 0 ? produce | single[w] : produce);
                }
            }
            foreach (var (w, (bits, produce)) in toggles)
            {
                xorWords.Add(w);
                xorBits.Add(bits);
                xorProduce.Add(produce);
            }
        }
        XorStart[transitions] = xorWords.Count;
        XorWord = xorWords.ToArray();
        XorBits = xorBits.ToArray();
        XorProduce = xorProduce.ToArray();
        InStart[transitions] = places.Count;
        MaskStart[transitions] = maskWords.Count;
        InPlace = places.ToArray();
        InWeight = weights.ToArray();
        MaskWord = maskWords.ToArray();
        MaskBits = maskBits.ToArray();
    }

    /// <summary>Enabledness of <paramref name="t"/>; 1-bit layouts read <paramref name="words"/>, others <paramref name="marking"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool IsEnabled(int t, int[] marking, ulong[] words)
    {
        if (OneBit)
        {
            if (Impossible[t]) return false;
            for (int i = MaskStart[t], end = MaskStart[t + 1]; i < end; i++)
            {
                var bits = MaskBits[i];
                if ((words[MaskWord[i]] & bits) != bits) return false;
            }
            return true;
        }
        for (int i = InStart[t], end = InStart[t + 1]; i < end; i++)
            if (marking[InPlace[i]] < InWeight[i]) return false;
        return true;
    }

    /// <summary>Fills <paramref name="buffer"/> with the transitions that may be enabled (filing input marked); returns the count.</summary>
    public int Candidates(int[] marking, ulong[] words, int[] buffer)
    {
        var count = 0;
        var lists = Lists;
        var start = lists.Start;
        var filed = lists.Transitions;
        foreach (var t in lists.Free) buffer[count++] = t;
        if (OneBit)
        {
            for (var w = 0; w < words.Length; w++)
                for (var bits = words[w]; bits != 0; bits &= bits - 1)
                {
                    var p = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                    for (int i = start[p], end = start[p + 1]; i < end; i++) buffer[count++] = filed[i];
                }
            return count;
        }
        for (var p = 0; p < marking.Length; p++)
        {
            if (marking[p] == 0) continue;
            for (int i = start[p], end = start[p + 1]; i < end; i++) buffer[count++] = filed[i];
        }
        return count;
    }
}
