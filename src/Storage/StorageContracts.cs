using Orleans.Storage;

namespace CircuitBreaker.Storage;

/// <summary>Identifies one stored state row: unique per (service, grain type, key, state name).</summary>
/// <param name="GrainType">The stable grain type name.</param>
/// <param name="Key">The grain key.</param>
/// <param name="StateName">The name of the state within the grain.</param>
public readonly record struct GrainStateId(string GrainType, string Key, string StateName)
{
    /// <inheritdoc />
    public override string ToString() => $"{GrainType}/{Key}/{StateName}";
}

/// <summary>A stored state: its JSON payload and ETag.</summary>
public sealed record StoredState(string Json, string ETag, DateTimeOffset ModifiedAt);

/// <summary>An entry appended to a grain's append-only log in the same transaction as a state write.</summary>
/// <param name="Sequence">The entry's sequence number, unique per grain and log.</param>
/// <param name="Json">The entry's payload.</param>
public sealed record LogEntry(long Sequence, string Json);

/// <summary>
/// Secondary index values for a grain, stored with the state in one transaction so listings can be
/// served by SQL (e.g. "all grains of partition P with label L, newest first") without scanning grains.
/// </summary>
/// <param name="Partition">The grouping key (e.g. a parent id).</param>
/// <param name="Status">A status value to filter by.</param>
/// <param name="Labels">Labels to filter by (any of them matches).</param>
/// <param name="CreatedAt">Creation time; listings are newest first by it.</param>
public sealed record IndexEntry(string Partition, string Status, IReadOnlyList<string> Labels, DateTimeOffset CreatedAt);

/// <summary>
/// An event appended to a named feed in the same transaction as a state write, so the event exists exactly when
/// the change it describes committed. Feeds are shared by many grains (e.g. every token of one workflow).
/// </summary>
/// <param name="Feed">The feed's name (e.g. <c>workflow/{id}</c>); scoped by the storage's service id.</param>
/// <param name="Json">The event's payload.</param>
public sealed record FeedAppend(string Feed, string Json);

/// <summary>An event read back from a feed.</summary>
/// <param name="Sequence">Its position in the feed: 1, 2, 3, … without holes, in commit order.</param>
/// <param name="Json">The event's payload.</param>
/// <param name="CreatedAt">When it was written.</param>
public sealed record FeedEntry(long Sequence, string Json, DateTimeOffset CreatedAt);

/// <summary>What one write carries besides the state itself.</summary>
public sealed record StateWrite(string Json)
{
    /// <summary>Entries appended to the grain's log atomically with the state (never rewritten).</summary>
    public IReadOnlyList<LogEntry> Append { get; init; } = [];

    /// <summary>When set, replaces the grain's index entry atomically with the state.</summary>
    public IndexEntry? Index { get; init; }

    /// <summary>When set, appended to its feed atomically with the state; its sequence is returned by the write.</summary>
    public FeedAppend? Event { get; init; }
}

/// <summary>The outcome of a committed write.</summary>
/// <param name="ETag">The state's new ETag.</param>
/// <param name="EventSequence">The feed sequence of <see cref="StateWrite.Event"/>, or null when the write carried none.</param>
public sealed record StateWriteResult(string ETag, long? EventSequence);

/// <summary>
/// Durable grain state with optimistic concurrency. Implementations: in-memory (tests), SQLite and PostgreSQL.
/// </summary>
public interface IStateStore
{
    /// <summary>Reads a state row, or null when none exists.</summary>
    Task<StoredState?> ReadAsync(GrainStateId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the state when <paramref name="expectedEtag"/> matches the stored row (null = no row may exist)
    /// and returns the new ETag (and the sequence of the feed event, if the write carried one). Completes only after
    /// the transaction committed. A write that fails changes nothing: no state, log, index or feed event.
    /// </summary>
    /// <exception cref="InconsistentStateException">The ETag does not match.</exception>
    Task<StateWriteResult> WriteAsync(GrainStateId id, StateWrite write, string? expectedEtag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the state row (and its log and index entry) when the ETag matches; no-op when no row exists and
    /// <paramref name="expectedEtag"/> is null. Feed events stay: a feed belongs to no single state.
    /// </summary>
    /// <exception cref="InconsistentStateException">The ETag does not match.</exception>
    Task ClearAsync(GrainStateId id, string? expectedEtag, CancellationToken cancellationToken = default);

    /// <summary>Reads log entries of a state in sequence order starting after <paramref name="afterSequence"/>.</summary>
    Task<IReadOnlyList<LogEntry>> ReadLogAsync(GrainStateId id, long afterSequence, int maxCount, bool descending = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads events of <paramref name="feed"/>. Ascending: sequence &gt; <paramref name="afterSequence"/>, oldest first.
    /// Descending: sequence &lt; <paramref name="afterSequence"/>, newest first (0 or less starts at the newest).
    /// </summary>
    Task<IReadOnlyList<FeedEntry>> ReadFeedAsync(string feed, long afterSequence, int maxCount, bool descending = false, CancellationToken cancellationToken = default);

    /// <summary>Lists grain keys by index, newest first, with keyset pagination.</summary>
    Task<IndexPage> QueryIndexAsync(IndexQuery query, CancellationToken cancellationToken = default);

    /// <summary>Checks that the storage is reachable (for readiness probes).</summary>
    Task PingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts the index entries of one grain type by partition and status (one grouped query that reads the whole index of
    /// the type: callers cache it, as the tokens-by-status gauge does).
    /// </summary>
    Task<IReadOnlyList<IndexCount>> CountIndexAsync(string grainType, string stateName, CancellationToken cancellationToken = default);

    /// <summary>
    /// The status of at most <paramref name="maxCount"/> index entries of one grain type, by key (for grain types with few
    /// instances, such as circuit breakers, whose index status is their state).
    /// </summary>
    Task<IReadOnlyList<IndexStatus>> ReadIndexStatusesAsync(string grainType, string stateName, int maxCount, CancellationToken cancellationToken = default);
}

/// <summary>The indexed status of one grain.</summary>
public sealed record IndexStatus(string Key, string Status);

/// <summary>How many index entries of one partition have one status.</summary>
public sealed record IndexCount(string Partition, string Status, long Count);

/// <summary>A listing request over the index of one grain type.</summary>
public sealed record IndexQuery(string GrainType, string StateName)
{
    /// <summary>Only entries of this partition (null = all).</summary>
    public string? Partition { get; init; }
    /// <summary>Only entries with this status (null = all).</summary>
    public string? Status { get; init; }
    /// <summary>Only entries carrying this label (null = all).</summary>
    public string? Label { get; init; }
    /// <summary>Page size (1..1000).</summary>
    public int First { get; init; } = 50;
    /// <summary>An opaque cursor from a previous page.</summary>
    public string? After { get; init; }
}

/// <summary>One page of keys, newest first.</summary>
public sealed record IndexPage(IReadOnlyList<string> Keys, string? EndCursor, bool HasNextPage);

/// <summary>A durable reminder row as the store keeps it (grain type and key apart, so rows stay readable in SQL).</summary>
public sealed record ReminderRow(string GrainType, string Key, string Name, DateTimeOffset StartAt, TimeSpan Period, string ETag);
