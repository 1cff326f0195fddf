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

    public EnablingIndex(PlaceTransitionNet net, MarkingLayout layout)
    {
        OneBit = layout.BitsPerPlace == 1;
        var transitions = net.TransitionCount;
        InStart = new int[transitions + 1];
        MaskStart = new int[transitions + 1];
        Impossible = new bool[transitions];
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
        }
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
}
