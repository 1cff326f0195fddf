namespace CircuitBreaker.Gateway.Events;

/// <summary>
/// Remembers the last history sequence sent on a token's event stream, so live events that were buffered while
/// the history was replayed are neither lost nor sent twice. Events without a sequence (0: created, data
/// updated) are always sent.
/// </summary>
public sealed class SequenceCursor(long last)
{
    /// <summary>The last sequence sent.</summary>
    public long Last { get; private set; } = last;

    /// <summary>True (and advances) when an event with <paramref name="sequence"/> has not been sent yet.</summary>
    public bool Advance(long sequence)
    {
        if (sequence == 0) return true;
        if (sequence <= Last) return false;
        Last = sequence;
        return true;
    }
}
