namespace CircuitBreaker.Workflow.Analysis.Exploration;

/// <summary>
/// The transition that first reached each state (BFS tree edge), in as few bytes as the transition count allows
/// (1, 2 or 4). The parent state is not stored: it is the marking before that firing, found again by un-firing
/// the transition and looking the marking up (see <see cref="ReachabilityGraph.PathTo"/>).
/// </summary>
internal sealed class TransitionLog
{
    private readonly int _width;
    private byte[] _bytes;

    public TransitionLog(int transitionCount, int initialCapacity = 64)
    {
        _width = transitionCount <= byte.MaxValue + 1 ? 1 : transitionCount <= ushort.MaxValue + 1 ? 2 : 4;
        _bytes = new byte[initialCapacity * _width];
    }

    public int Count { get; private set; }

    /// <summary>Bytes the logged entries take.</summary>
    public long UsedBytes => (long)Count * _width;

    public void Add(int transition)
    {
        var offset = Count * _width;
        if (offset + _width > _bytes.Length) Array.Resize(ref _bytes, (int)Math.Min(Array.MaxLength, _bytes.LongLength * 2 + _width));
        switch (_width)
        {
            case 1: _bytes[offset] = (byte)transition; break;
            case 2: BitConverter.TryWriteBytes(_bytes.AsSpan(offset), (ushort)transition); break;
            default: BitConverter.TryWriteBytes(_bytes.AsSpan(offset), transition); break;
        }
        Count++;
    }

    public int this[int state] => _width switch
    {
        1 => _bytes[state],
        2 => BitConverter.ToUInt16(_bytes, state * 2),
        _ => BitConverter.ToInt32(_bytes, state * 4),
    };
}
