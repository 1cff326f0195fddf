using System.Text.Json.Serialization;

namespace CircuitBreaker.Storage;

/// <summary>
/// Base of grain state classes whose writes carry more than the state: history log entries, an index row or a feed
/// event. The grain sets <see cref="Pending"/> before <c>WriteStateAsync</c>; <see cref="OrleansGrainStorage"/> writes
/// them in the same transaction as the state and reports the feed sequence in <see cref="CommittedEventSequence"/>.
/// Neither property is stored.
/// </summary>
public abstract class StateWithSideWrites
{
    /// <summary>What the next write carries besides the state; taken (and cleared) by the write, whether it succeeds or not.</summary>
    [JsonIgnore]
    public StateSideWrites? Pending { get; set; }

    /// <summary>The feed sequence of the event the last successful write carried, or null when it carried none.</summary>
    [JsonIgnore]
    public long? CommittedEventSequence { get; set; }
}

/// <summary>The side writes of one state write (see <see cref="StateWithSideWrites"/>).</summary>
/// <param name="Append">Entries appended to the grain's log.</param>
/// <param name="Index">Replaces the grain's index entry when set.</param>
/// <param name="Event">Appended to its feed when set.</param>
public sealed record StateSideWrites(IReadOnlyList<LogEntry> Append, IndexEntry? Index, FeedAppend? Event);
