using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CircuitBreaker.Workflow.Analysis.Exploration;

/// <summary>
/// The set of seen markings: keys of <see cref="MarkingCodec.KeyBytes"/> bytes stored back to back in one byte
/// arena (state i at bytes [i*K, (i+1)*K)) and an open-addressing table (linear probing) of 32-bit slots.
/// A slot holds the state index + 1 in its low bits and a fingerprint of the hash in the bits the index does not
/// need yet, so probing past other entries rarely touches the arena. Indices are dense and in insertion order,
/// which is BFS order for the explorer. The table is sized by any factor (not powers of two, slot = multiply-shift)
/// and grows by half at 80 % load, so it costs 5–7.5 bytes per state.
/// </summary>
internal sealed class PackedMarkingSet
{
    private const int ArenaPadding = sizeof(ulong); // lets a key of up to 8 bytes be read as one ulong
    private readonly int _keyBytes;
    private readonly int _keyWords;
    private readonly ulong _smallKeyMask;
    private readonly ulong _lastWordMask;
    private byte[] _arena;
    private uint[] _table;
    private int _indexBits;
    private uint _indexMask;
    private int _growAt;

    public PackedMarkingSet(int keyBytes, int initialCapacity = 64)
    {
        _keyBytes = keyBytes;
        _keyWords = (keyBytes + 7) / 8;
        _smallKeyMask = keyBytes >= 8 ? ulong.MaxValue : (1UL << (keyBytes * 8)) - 1;
        _lastWordMask = keyBytes % 8 == 0 ? ulong.MaxValue : (1UL << (keyBytes % 8 * 8)) - 1;
        _arena = new byte[(long)initialCapacity * keyBytes + ArenaPadding];
        _table = [];
        Resize(Math.Max(16, initialCapacity * 5 / 4));
    }

    public int Count { get; private set; }

    /// <summary>Bytes held by the arena and the hash table (allocated, not just used).</summary>
    public long AllocatedBytes => _arena.LongLength + (long)_table.Length * sizeof(uint);

    /// <summary>Bytes the stored states need at the current size plus the table as allocated.</summary>
    public long UsedBytes => (long)Count * _keyBytes + (long)_table.Length * sizeof(uint);

    /// <summary>
    /// Copies the key of state <paramref name="index"/> into the first <see cref="MarkingCodec.KeyWords"/> words of
    /// <paramref name="words"/> (whole-word reads; the arena padding keeps the last one in bounds, and it is masked).
    /// </summary>
    public void CopyKey(int index, Span<ulong> words)
    {
        var bytes = new ReadOnlySpan<byte>(_arena, index * _keyBytes, _keyWords * sizeof(ulong));
        for (var w = 0; w < _keyWords; w++) words[w] = MemoryMarshal.Read<ulong>(bytes[(w * sizeof(ulong))..]);
        words[_keyWords - 1] &= _lastWordMask;
    }

    /// <summary>A key of at most 8 bytes as one word (the arena is padded so the read never runs past its end).</summary>
    public ulong GetWord(int index) => MemoryMarshal.Read<ulong>(new ReadOnlySpan<byte>(_arena, index * _keyBytes, sizeof(ulong))) & _smallKeyMask;

    /// <summary>Hash of a key given as its words (bytes past <see cref="MarkingCodec.KeyBytes"/> must be zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ReadOnlySpan<ulong> key)
    {
        if (key.Length == 1) return Hash(key[0]);
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)key.Length;
        foreach (var w in key) h = BitOperations.RotateLeft((h ^ w) * 0xBF58476D1CE4E5B9UL, 31);
        return Avalanche(h);
    }

    /// <summary>Hash of a one-word key (the same value <see cref="Hash(ReadOnlySpan{ulong})"/> gives it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ulong key)
    {
        // One multiply: its high half (the slot) depends on every key bit; folding it into the low half gives the fingerprint.
        var h = (key ^ 0x2545F4914F6CDD1DUL) * 0x9E3779B97F4A7C15UL;
        return h ^ (h >> 32);
    }

    // murmur3 fmix64: every output bit depends on every input bit; the slot uses the high half, the fingerprint the low half.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Avalanche(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }

    /// <summary>
    /// <see cref="AddOrGet(ReadOnlySpan{ulong}, ulong, out bool)"/> for keys of at most 8 bytes, kept in a register:
    /// the common case of 1-safe nets with up to 64 stored places.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: fully optimized from the first call (see PERFORMANCE.md)
    public int AddOrGet(ulong key, ulong hash, out bool added)
    {
        var slot = Slot(hash);
        var fingerprint = Fingerprint(hash);
        var table = _table;
        var arena = _arena;
        while (true)
        {
            var entry = table[slot];
            if (entry == 0) break;
            var index = (int)(entry & _indexMask) - 1;
            if ((entry & ~_indexMask) == fingerprint
                && (MemoryMarshal.Read<ulong>(new ReadOnlySpan<byte>(arena, index * _keyBytes, sizeof(ulong))) & _smallKeyMask) == key)
            {
                added = false;
                return index;
            }
            if (++slot == table.Length) slot = 0;
        }
        return Insert(MemoryMarshal.CreateReadOnlySpan(ref key, 1), slot, fingerprint, out added);
    }

    /// <summary>
    /// <see cref="AddOrGet(ulong, ulong, out bool)"/> for a batch of one-word keys, in order: <paramref name="indices"/>[i]
    /// gets the state of <paramref name="keys"/>[i]; states added by this call get consecutive indices from the
    /// <see cref="Count"/> before the call, first seen first. One tight loop with the table in locals.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: fully optimized from the first call (see PERFORMANCE.md)
    public void AddOrGetBatch(ReadOnlySpan<ulong> keys, ReadOnlySpan<ulong> hashes, Span<int> indices)
    {
        var table = _table;
        var indexMask = _indexMask;
        var keyBytes = _keyBytes;
        var keyMask = _smallKeyMask;
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i];
            var hash = hashes[i];
            var slot = Slot(hash);
            var fingerprint = Fingerprint(hash);
            var found = -1;
            while (true)
            {
                var entry = table[slot];
                if (entry == 0) break;
                var index = (int)(entry & indexMask) - 1;
                if ((entry & ~indexMask) == fingerprint
                    && (MemoryMarshal.Read<ulong>(new ReadOnlySpan<byte>(_arena, index * keyBytes, sizeof(ulong))) & keyMask) == key)
                {
                    found = index;
                    break;
                }
                if (++slot == table.Length) slot = 0;
            }
            if (found < 0)
            {
                found = Insert(MemoryMarshal.CreateReadOnlySpan(ref key, 1), slot, fingerprint, out _);
                // Inserting may have grown the table (new size, new index bits).
                table = _table;
                indexMask = _indexMask;
            }
            indices[i] = found;
        }
    }

    /// <summary>Returns the index of <paramref name="key"/> (whose <see cref="Hash(ReadOnlySpan{ulong})"/> is <paramref name="hash"/>), adding it when new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: fully optimized from the first call (see PERFORMANCE.md)
    public int AddOrGet(ReadOnlySpan<ulong> key, ulong hash, out bool added)
    {
        var slot = Slot(hash);
        var fingerprint = Fingerprint(hash);
        var table = _table;
        while (true)
        {
            var entry = table[slot];
            if (entry == 0) break;
            if ((entry & ~_indexMask) == fingerprint && Matches((int)(entry & _indexMask) - 1, key))
            {
                added = false;
                return (int)(entry & _indexMask) - 1;
            }
            if (++slot == table.Length) slot = 0;
        }
        return Insert(key, slot, fingerprint, out added);
    }

    private int Insert(ReadOnlySpan<ulong> key, int slot, uint fingerprint, out bool added)
    {
        var index = Count;
        var offset = (long)index * _keyBytes;
        if (offset + _keyBytes + ArenaPadding > _arena.LongLength) GrowArena();
        MemoryMarshal.AsBytes(key)[.._keyBytes].CopyTo(new Span<byte>(_arena, (int)offset, _keyBytes));
        _table[slot] = fingerprint | (uint)(index + 1);
        Count++;
        added = true;
        if (Count >= _growAt) Resize(checked(_table.Length + _table.Length / 2));
        return index;
    }

    /// <summary>
    /// Reads the first table slot a key with <paramref name="hash"/> probes: done for a whole batch of keys before
    /// looking them up, so their cache misses overlap (touching the stored keys too was measured slower).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Touch(ulong hash) => _table[Slot(hash)];

    /// <summary>Sink for <see cref="Touch"/> reads, so the compiler cannot drop them.</summary>
    public uint Touched { get; set; }

    /// <summary>Index of <paramref name="key"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<ulong> key)
    {
        var hash = Hash(key);
        var slot = Slot(hash);
        var fingerprint = Fingerprint(hash);
        while (true)
        {
            var entry = _table[slot];
            if (entry == 0) return -1;
            if ((entry & ~_indexMask) == fingerprint && Matches((int)(entry & _indexMask) - 1, key)) return (int)(entry & _indexMask) - 1;
            if (++slot == _table.Length) slot = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Matches(int index, ReadOnlySpan<ulong> key)
    {
        var offset = index * _keyBytes;
        // Keys of up to 8 bytes (1-safe nets with up to 64 stored places) compare as one masked ulong.
        if (_keyWords == 1) return (MemoryMarshal.Read<ulong>(new ReadOnlySpan<byte>(_arena, offset, sizeof(ulong))) & _smallKeyMask) == key[0];
        return new ReadOnlySpan<byte>(_arena, offset, _keyBytes).SequenceEqual(MemoryMarshal.AsBytes(key)[.._keyBytes]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong hash) => (int)(((hash >> 32) * (ulong)(uint)_table.Length) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Fingerprint(ulong hash) => (uint)hash & ~_indexMask;

    private void GrowArena()
    {
        var newLength = Math.Max(_arena.LongLength * 2, (long)_keyBytes * 16 + ArenaPadding);
        if (newLength > Array.MaxLength) newLength = Array.MaxLength;
        if (newLength < ((long)Count + 1) * _keyBytes + ArenaPadding) throw new InsufficientMemoryException("state arena cannot grow further");
        Array.Resize(ref _arena, (int)newLength);
    }

    private void Resize(int capacity)
    {
        if (capacity > Array.MaxLength) throw new InsufficientMemoryException("state table cannot grow further");
        // Index + 1 must fit below the fingerprint; a table of n slots never holds more than n states.
        _indexBits = 32 - BitOperations.LeadingZeroCount((uint)capacity);
        _indexMask = _indexBits >= 32 ? uint.MaxValue : (1U << _indexBits) - 1;
        _table = new uint[capacity];
        _growAt = (int)(capacity * 0.8);
        var buffer = new ulong[_keyWords];
        for (var i = 0; i < Count; i++)
        {
            CopyKey(i, buffer);
            var hash = Hash(buffer);
            var slot = Slot(hash);
            while (_table[slot] != 0)
                if (++slot == _table.Length) slot = 0;
            _table[slot] = Fingerprint(hash) | (uint)(i + 1);
        }
    }
}
