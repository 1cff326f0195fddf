namespace CircuitBreaker.Workflow.Analysis.Exploration;

/// <summary>
/// How a marking is packed into 64-bit words: every place gets a fixed field of 1, 8, 16 or 32 bits
/// (1 bit for 1-safe nets). Fields never straddle words, so reading a place is one shift and mask.
/// Places are laid out in a given storage order, so that the places a <see cref="MarkingCodec"/> stores
/// come first and form a contiguous bit prefix.
/// </summary>
internal sealed class MarkingLayout
{
    private readonly int[] _word;
    private readonly int[] _shift;
    private readonly ulong _mask;

    /// <param name="placeCount">Number of places.</param>
    /// <param name="bitsPerPlace">Field width.</param>
    /// <param name="order">Places in storage order (a permutation); null keeps index order.</param>
    public MarkingLayout(int placeCount, int bitsPerPlace, IReadOnlyList<int>? order = null)
    {
        if (bitsPerPlace is not (1 or 8 or 16 or 32)) throw new ArgumentOutOfRangeException(nameof(bitsPerPlace));
        BitsPerPlace = bitsPerPlace;
        var perWord = 64 / bitsPerPlace;
        Words = Math.Max(1, (placeCount + perWord - 1) / perWord);
        MaxValue = bitsPerPlace == 32 ? int.MaxValue : (1 << bitsPerPlace) - 1;
        _mask = bitsPerPlace == 32 ? 0xFFFF_FFFFUL : (1UL << bitsPerPlace) - 1;
        _word = new int[placeCount];
        _shift = new int[placeCount];
        for (var position = 0; position < placeCount; position++)
        {
            var p = order is null ? position : order[position];
            _word[p] = position / perWord;
            _shift[p] = position % perWord * bitsPerPlace;
        }
    }

    public int BitsPerPlace { get; }
    public int PlaceCount => _word.Length;
    public int Words { get; }
    public int MaxValue { get; }

    /// <summary>The next wider layout, or null when already at 32 bits.</summary>
    public int? WiderBits => BitsPerPlace switch { 1 => 8, 8 => 16, 16 => 32, _ => null };

    public static int BitsFor(int maxTokens) => maxTokens <= 1 ? 1 : maxTokens <= byte.MaxValue ? 8 : maxTokens <= ushort.MaxValue ? 16 : 32;

    public void Pack(ReadOnlySpan<int> marking, Span<ulong> words)
    {
        words.Clear();
        for (var p = 0; p < marking.Length; p++) words[_word[p]] |= (ulong)(uint)marking[p] << _shift[p];
    }

    public void Unpack(ReadOnlySpan<ulong> words, Span<int> marking)
    {
        for (var p = 0; p < marking.Length; p++) marking[p] = (int)((words[_word[p]] >> _shift[p]) & _mask);
    }

    /// <summary>Field number of <paramref name="place"/> in storage order (its bit index in 1-bit layouts).</summary>
    public int Position(int place) => _word[place] * (64 / BitsPerPlace) + _shift[place] / BitsPerPlace;

    public int Get(ReadOnlySpan<ulong> words, int place) => (int)((words[_word[place]] >> _shift[place]) & _mask);

    public void Set(Span<ulong> words, int place, int value)
    {
        var w = _word[place];
        var s = _shift[place];
        words[w] = (words[w] & ~(_mask << s)) | ((ulong)(uint)value << s);
    }
}
