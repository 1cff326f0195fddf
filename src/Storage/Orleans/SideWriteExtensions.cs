using Orleans.Runtime;

namespace CircuitBreaker.Storage;

/// <summary>Writes a <see cref="StateWithSideWrites"/> state together with its log entries, index row and feed event.</summary>
public static class SideWriteExtensions
{
    /// <summary>
    /// Writes the state and, in the same storage transaction, appends <paramref name="append"/> to the grain's log,
    /// replaces its index entry (when set) and appends <paramref name="feedEvent"/> (when set); returns the event's feed sequence.
    /// </summary>
    public static async Task<long?> WriteStateAsync<TState>(this IPersistentState<TState> state, IReadOnlyList<LogEntry> append,
        IndexEntry? index, FeedAppend? feedEvent = null) where TState : StateWithSideWrites
    {
        state.State.Pending = new StateSideWrites(append, index, feedEvent);
        state.State.CommittedEventSequence = null;
        // No ConfigureAwait(false): the state is read back on the activation's scheduler, as Orleans requires.
        await state.WriteStateAsync();
        return state.State.CommittedEventSequence;
    }
}
