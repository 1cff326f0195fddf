using System.Numerics;
using System.Runtime.InteropServices;

namespace CircuitBreaker.Workflow.Analysis.Exploration;

/// <summary>
/// Stored form of a marking: only the places that <see cref="ImpliedPlaces"/> cannot compute, packed into
/// <see cref="KeyBytes"/> bytes. The working (full) marking uses <see cref="Layout"/>, which puts the stored
/// places first, so the key of a full marking is simply its first <see cref="KeyWords"/> words with the
/// implied places' bits cleared, and no per-successor packing is needed.
/// </summary>
internal sealed class MarkingCodec
{
    private readonly int[] _impliedPlace;
    private readonly long[] _denominator;
    private readonly long[] _constant;
    // Terms of every implied place, flattened: 1-bit layouts as (coefficient, word, bits) so a term is one popcount
    // over all kept places in that word with that coefficient; wider layouts as (coefficient, place).
    private readonly int[] _termStart;
    private readonly long[] _termCoefficient;
    private readonly int[] _termWord;
    private readonly ulong[] _termBits;
    private readonly int[] _termPlace;

    public MarkingCodec(int placeCount, int bitsPerPlace, ImpliedPlaces implied)
    {
        var maxValue = bitsPerPlace == 32 ? int.MaxValue : (1L << bitsPerPlace) - 1;
        // A formula whose exact evaluation could exceed 64 bits keeps its place stored instead.
        var usable = implied.Implied.Where(f => FitsInLong(f, maxValue)).ToArray();
        var impliedSet = usable.Select(f => f.Place).ToHashSet();
        var order = Enumerable.Range(0, placeCount).Where(p => !impliedSet.Contains(p)).Concat(usable.Select(f => f.Place)).ToArray();
        Layout = new MarkingLayout(placeCount, bitsPerPlace, order);
        StoredPlaces = placeCount - usable.Length;
        var keyBits = (long)StoredPlaces * bitsPerPlace;
        KeyBytes = (int)Math.Max(1, (keyBits + 7) / 8);
        KeyWords = (KeyBytes + 7) / 8;
        var lastBits = (int)(keyBits - (KeyWords - 1) * 64L);
        LastKeyWordMask = lastBits >= 64 ? ulong.MaxValue : (1UL << Math.Max(0, lastBits)) - 1;

        _impliedPlace = usable.Select(f => f.Place).ToArray();
        _denominator = usable.Select(f => f.Denominator).ToArray();
        _constant = usable.Select(f => f.Constant).ToArray();
        _termStart = new int[usable.Length + 1];
        var coefficients = new List<long>();
        var words = new List<int>();
        var bits = new List<ulong>();
        var places = new List<int>();
        var single = new ulong[Layout.Words];
        for (var i = 0; i < usable.Length; i++)
        {
            _termStart[i] = coefficients.Count;
            var f = usable[i];
            if (bitsPerPlace == 1)
            {
                var groups = new SortedDictionary<(long, int), ulong>();
                for (var j = 0; j < f.Places.Length; j++)
                {
                    Array.Clear(single);
                    Layout.Set(single, f.Places[j], 1);
                    var w = Array.FindIndex(single, x => x != 0);
                    groups[(f.Coefficients[j], w)] = groups.GetValueOrDefault((f.Coefficients[j], w)) | single[w];
                }
                foreach (var ((coefficient, w), mask) in groups)
                {
                    coefficients.Add(coefficient);
                    words.Add(w);
                    bits.Add(mask);
                }
            }
            else
            {
                coefficients.AddRange(f.Coefficients);
                places.AddRange(f.Places);
            }
        }
        _termStart[usable.Length] = coefficients.Count;
        _termCoefficient = coefficients.ToArray();
        _termWord = words.ToArray();
        _termBits = bits.ToArray();
        _termPlace = places.ToArray();
    }

    /// <summary>Layout of the full working marking (stored places first).</summary>
    public MarkingLayout Layout { get; }

    /// <summary>Number of places kept in the key; the rest are implied.</summary>
    public int StoredPlaces { get; }

    /// <summary>Bytes of one stored marking.</summary>
    public int KeyBytes { get; }

    /// <summary>Leading words of a full marking that hold the key.</summary>
    public int KeyWords { get; }

    /// <summary>Mask of the key bits within word <see cref="KeyWords"/>-1 (clears implied places).</summary>
    public ulong LastKeyWordMask { get; }

    /// <summary>Clears the implied places in the key words of a full marking, making them a valid key.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void MaskKey(Span<ulong> words) => words[KeyWords - 1] &= LastKeyWordMask;

    /// <summary>
    /// Restores the full marking from a stored key: <paramref name="words"/> gets every place; <paramref name="marking"/>,
    /// when not empty, gets the unpacked token counts too.
    /// </summary>
    public void Expand(ReadOnlySpan<byte> key, Span<ulong> words, Span<int> marking)
    {
        words.Clear();
        key.CopyTo(MemoryMarshal.AsBytes(words));
        if (Layout.BitsPerPlace == 1)
        {
            for (var i = 0; i < _impliedPlace.Length; i++)
            {
                var sum = _constant[i];
                for (int j = _termStart[i], end = _termStart[i + 1]; j < end; j++)
                    sum += _termCoefficient[j] * BitOperations.PopCount(words[_termWord[j]] & _termBits[j]);
                if (sum != 0) Layout.Set(words, _impliedPlace[i], (int)(sum / _denominator[i]));
            }
            if (!marking.IsEmpty) Layout.Unpack(words, marking);
            return;
        }
        Span<int> values = marking.IsEmpty ? new int[Layout.PlaceCount] : marking;
        Layout.Unpack(words, values);
        for (var i = 0; i < _impliedPlace.Length; i++)
        {
            var sum = _constant[i];
            for (int j = _termStart[i], end = _termStart[i + 1]; j < end; j++) sum += _termCoefficient[j] * values[_termPlace[j]];
            var value = (int)(sum / _denominator[i]);
            values[_impliedPlace[i]] = value;
            Layout.Set(words, _impliedPlace[i], value);
        }
    }

    private static bool FitsInLong(ImpliedPlaces.Formula f, long maxValue)
    {
        try
        {
            var bound = Math.Abs(f.Constant);
            foreach (var c in f.Coefficients) bound = checked(bound + checked(Math.Abs(c) * maxValue));
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
