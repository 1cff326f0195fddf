using System.Numerics;

namespace CircuitBreaker.Workflow.Analysis.Exploration;

/// <summary>
/// The set of seen markings: packed markings stored back to back in one word arena (state i lives at
/// words [i*W, (i+1)*W)) and an open-addressing table (linear probing) of state indices.
/// Indices are dense and in insertion order, which is BFS order for the explorer.
/// </summary>
internal sealed class PackedMarkingSet
{
    private readonly int _words;
    private ulong[] _arena;
    private int[] _table; // state index + 1; 0 = empty slot
    private int _mask;

    public PackedMarkingSet(int words, int initialCapacity = 1024)
    {
        _words = words;
        var cap = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, initialCapacity * 2));
        _table = new int[cap];
        _mask = cap - 1;
        _arena = new ulong[(long)initialCapacity * words];
    }

    public int Count { get; private set; }

    /// <summary>Bytes held by the arena and the hash table (allocated, not just used).</summary>
    public long AllocatedBytes => (long)_arena.Length * sizeof(ulong) + (long)_table.Length * sizeof(int);

    /// <summary>Bytes the stored states and the table need at the current size.</summary>
    public long UsedBytes => (long)Count * _words * sizeof(ulong) + (long)_table.Length * sizeof(int);

    public ReadOnlySpan<ulong> Get(int index) => new(_arena, index * _words, _words);

    /// <summary>Returns the index of <paramref name="marking"/>, adding it when new.</summary>
    public int AddOrGet(ReadOnlySpan<ulong> marking, out bool added)
    {
        var slot = (int)Hash(marking) & _mask;
        while (true)
        {
            var entry = _table[slot];
            if (entry == 0) break;
            // Single-word markings (up to 64 one-safe places) compare without building a span.
            if (_words == 1 ? _arena[entry - 1] == marking[0] : new ReadOnlySpan<ulong>(_arena, (entry - 1) * _words, _words).SequenceEqual(marking))
            {
                added = false;
                return entry - 1;
            }
            slot = (slot + 1) & _mask;
        }
        var index = Count;
        if ((long)(index + 1) * _words > _arena.Length) GrowArena();
        marking.CopyTo(new Span<ulong>(_arena, index * _words, _words));
        _table[slot] = index + 1;
        Count++;
        added = true;
        if ((long)Count * 4 > (long)_table.Length * 3) GrowTable();
        return index;
    }

    /// <summary>Index of <paramref name="marking"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<ulong> marking)
    {
        var slot = (int)Hash(marking) & _mask;
        while (true)
        {
            var entry = _table[slot];
            if (entry == 0) return -1;
            if (new ReadOnlySpan<ulong>(_arena, (entry - 1) * _words, _words).SequenceEqual(marking)) return entry - 1;
            slot = (slot + 1) & _mask;
        }
    }

    private void GrowArena()
    {
        var newLength = Math.Max((long)_arena.Length * 2, _words * 16L);
        if (newLength > Array.MaxLength) newLength = Array.MaxLength / _words * _words;
        if (newLength <= _arena.Length) throw new InsufficientMemoryException("state arena cannot grow further");
        Array.Resize(ref _arena, (int)newLength);
    }

    private void GrowTable()
    {
        var table = new int[_table.Length * 2];
        var mask = table.Length - 1;
        for (var i = 0; i < Count; i++)
        {
            var slot = (int)Hash(Get(i)) & mask;
            while (table[slot] != 0) slot = (slot + 1) & mask;
            table[slot] = i + 1;
        }
        _table = table;
        _mask = mask;
    }

    private static ulong Hash(ReadOnlySpan<ulong> words)
    {
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)words.Length;
        foreach (var w in words) h = BitOperations.RotateLeft((h ^ w) * 0xBF58476D1CE4E5B9UL, 31);
        // Final avalanche (murmur3 fmix64) so the low bits used for the slot depend on every word bit.
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }
}
