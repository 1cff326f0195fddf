using System.Numerics;
using System.Runtime.CompilerServices;

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
    // 1-bit layouts: one record per implied place and per (coefficient, word) group, so that expanding a marking
    // walks two flat arrays (it runs once per explored state).
    private readonly BitFormula[] _bitFormulas;
    private readonly BitTerm[] _bitTerms;
    private readonly ulong[] _constantBits;
    private readonly long[] _denominator;
    private readonly long[] _constant;
    // Terms of every implied place, flattened: 1-bit layouts as (coefficient, word, bits) so a term is one popcount
    // over all kept places in that word with that coefficient; wider layouts as (coefficient, place).
    private readonly int[] _termStart;
    private readonly long[] _termCoefficient;
    private readonly int[] _termWord;
    private readonly ulong[] _termBits;
    private readonly int[] _termPlace;

    /// <summary>
    /// Most terms an implied place's formula may have (1-bit layouts: distinct (coefficient, word) groups, each one
    /// popcount); a place with a denser formula is stored instead. Every stored state is expanded once, so a dense
    /// formula costs time on every state to save one field: on PermAdmissibility-PT-01 (32 implied places, up to
    /// 33 groups each) implying every place made exploration 2.5× slower; with this cap 4 of them stay implied.
    /// </summary>
    public const int MaxTermsPerImpliedPlace = 4;

    public MarkingCodec(int placeCount, int bitsPerPlace, ImpliedPlaces implied)
    {
        var maxValue = bitsPerPlace == 32 ? int.MaxValue : (1L << bitsPerPlace) - 1;
        // A formula whose exact evaluation could exceed 64 bits keeps its place stored too.
        var usable = implied.Implied.Where(f => FitsInLong(f, maxValue)).ToArray();
        if (bitsPerPlace == 1)
        {
            // Groups depend on where kept places land, i.e. on the layout; a trial layout with every candidate implied
            // gives the kept places their final positions only if none is dropped, so iterate until stable.
            while (true)
            {
                var trial = LayoutFor(placeCount, bitsPerPlace, usable);
                var cheap = usable.Where(f => Groups(f, trial) <= MaxTermsPerImpliedPlace).ToArray();
                if (cheap.Length == usable.Length) break;
                usable = cheap;
            }
        }
        else usable = usable.Where(f => f.Places.Length <= MaxTermsPerImpliedPlace).ToArray();
        Layout = LayoutFor(placeCount, bitsPerPlace, usable);
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
        _bitTerms = bitsPerPlace != 1 ? [] : [.. _termCoefficient.Select((c, j) => new BitTerm(_termBits[j], c, _termWord[j]))];
        // Places that no transition changes are constants: one OR per word instead of a formula each.
        _constantBits = new ulong[Layout.Words];
        var formulas = new List<BitFormula>();
        for (var i = 0; bitsPerPlace == 1 && i < _impliedPlace.Length; i++)
        {
            var word = Layout.Position(_impliedPlace[i]) / 64;
            var bit = 1UL << (Layout.Position(_impliedPlace[i]) % 64);
            if (_termStart[i] < _termStart[i + 1]) formulas.Add(new BitFormula(_constant[i], _termStart[i], _termStart[i + 1], word, bit));
            else if (_constant[i] != 0) _constantBits[word] |= bit;
        }
        _bitFormulas = [.. formulas];
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
    /// Restores the full marking in place: <paramref name="words"/> holds a key in its first <see cref="KeyWords"/>
    /// words (see <see cref="PackedMarkingSet.CopyKey"/>) and gets every place; <paramref name="marking"/>, when not
    /// empty, gets the unpacked token counts too.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: fully optimized from the first call (see PERFORMANCE.md)
    public void Expand(Span<ulong> words, Span<int> marking)
    {
        words[KeyWords..].Clear();
        if (Layout.BitsPerPlace == 1)
        {
            var terms = _bitTerms;
            var constants = _constantBits;
            for (var w = 0; w < constants.Length; w++) words[w] |= constants[w];
            foreach (ref readonly var f in _bitFormulas.AsSpan())
            {
                var sum = f.Constant;
                for (var j = f.TermStart; j < f.TermEnd; j++)
                {
                    ref readonly var term = ref terms[j];
                    sum += term.Coefficient * BitOperations.PopCount(words[term.Word] & term.Bits);
                }
                // sum = denominator · M(p) with M(p) ∈ {0, 1} in a 1-safe marking: no division needed.
                if (sum != 0) words[f.Word] |= f.Bit;
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
            var denominator = _denominator[i];
            var value = (int)(denominator == 1 ? sum : sum / denominator);
            values[_impliedPlace[i]] = value;
            Layout.Set(words, _impliedPlace[i], value);
        }
    }

    /// <summary>
    /// <see cref="Expand"/> for a 1-bit layout of one word: the full marking from a key of at most 8 bytes, in a register.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: fully optimized from the first call (see PERFORMANCE.md)
    public ulong ExpandOneWord(ulong key)
    {
        var words = key | _constantBits[0];
        var terms = _bitTerms;
        foreach (ref readonly var f in _bitFormulas.AsSpan())
        {
            var sum = f.Constant;
            for (var j = f.TermStart; j < f.TermEnd; j++)
            {
                ref readonly var term = ref terms[j];
                sum += term.Coefficient * BitOperations.PopCount(key & term.Bits);
            }
            if (sum != 0) words |= f.Bit;
        }
        return words;
    }

    private static MarkingLayout LayoutFor(int placeCount, int bitsPerPlace, ImpliedPlaces.Formula[] implied)
    {
        var impliedSet = implied.Select(f => f.Place).ToHashSet();
        var order = Enumerable.Range(0, placeCount).Where(p => !impliedSet.Contains(p)).Concat(implied.Select(f => f.Place)).ToArray();
        return new MarkingLayout(placeCount, bitsPerPlace, order);
    }

    private static int Groups(ImpliedPlaces.Formula f, MarkingLayout layout) =>
        f.Places.Select((p, j) => (f.Coefficients[j], layout.Position(p) / 64)).Distinct().Count();

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

    /// <summary>An implied place of a 1-bit layout: <c>Constant + Σ terms</c> is non-zero exactly when the place is marked.</summary>
    private readonly record struct BitFormula(long Constant, int TermStart, int TermEnd, int Word, ulong Bit);

    /// <summary><c>Coefficient · popcount(words[Word] &amp; Bits)</c>.</summary>
    private readonly record struct BitTerm(ulong Bits, long Coefficient, int Word);
}
