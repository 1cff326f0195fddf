using System.Globalization;
using System.Text;

namespace CircuitBreaker.Runtime.Storage;

/// <summary>
/// <see cref="IGrainStorage"/> in process memory with the same contract as the SQL stores: ETag checks,
/// an append-only log, an index and feed events written atomically with the state. Share one instance between
/// silos to simulate a database.
/// </summary>
public sealed class InMemoryGrainStorage : IGrainStorage
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainStateId, Row> _rows = new();
    private readonly Dictionary<string, List<FeedEntry>> _feeds = new(StringComparer.Ordinal);
    private long _etagCounter;

    private sealed class Row(StoredState state)
    {
        public StoredState State = state;
        public readonly SortedDictionary<long, LogEntry> Log = new();
        public IndexEntry? Index;
    }

    /// <inheritdoc />
    public Task<StoredState?> ReadAsync(GrainStateId id, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(_rows.TryGetValue(id, out var row) ? row.State : null);
    }

    /// <inheritdoc />
    public Task<StateWriteResult> WriteAsync(GrainStateId id, StateWrite write, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _rows.TryGetValue(id, out var row);
            CheckEtag(id, row, expectedEtag);
            foreach (var entry in write.Append)
            {
                if (row is not null && row.Log.ContainsKey(entry.Sequence))
                    throw new InvalidOperationException($"[ST0001] Log entry {entry.Sequence} of {id} already exists; log entries are never rewritten.");
            }
            if (write.Append.Select(e => e.Sequence).Distinct().Count() != write.Append.Count)
                throw new InvalidOperationException($"[ST0001] Duplicate log sequence numbers in one write to {id}.");
            var etag = (++_etagCounter).ToString(CultureInfo.InvariantCulture);
            var state = new StoredState(write.Json, etag, DateTimeOffset.UtcNow);
            if (row is null) _rows[id] = row = new Row(state);
            else row.State = state;
            foreach (var entry in write.Append) row.Log[entry.Sequence] = entry;
            if (write.Index is not null) row.Index = write.Index;
            long? eventSequence = null;
            if (write.Event is { } feedEvent)
            {
                // Sequences of one feed are 1, 2, 3, … like the SQL stores' (service, feed, seq) primary key gives.
                if (!_feeds.TryGetValue(feedEvent.Feed, out var feed)) _feeds[feedEvent.Feed] = feed = [];
                eventSequence = feed.Count + 1;
                feed.Add(new FeedEntry(eventSequence.Value, feedEvent.Json, state.ModifiedAt));
            }
            return Task.FromResult(new StateWriteResult(etag, eventSequence));
        }
    }

    /// <inheritdoc />
    public Task ClearAsync(GrainStateId id, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _rows.TryGetValue(id, out var row);
            if (row is null && expectedEtag is null) return Task.CompletedTask;
            CheckEtag(id, row, expectedEtag);
            _rows.Remove(id);
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Ascending: entries with Sequence &gt; <paramref name="afterSequence"/>. Descending: newest first, entries with
    /// Sequence &lt; <paramref name="afterSequence"/> (0 or less means from the newest).
    /// </summary>
    public Task<IReadOnlyList<LogEntry>> ReadLogAsync(GrainStateId id, long afterSequence, int maxCount, bool descending = false, CancellationToken cancellationToken = default)
    {
        if (maxCount < 0) throw new ArgumentOutOfRangeException(nameof(maxCount), "[ST0002] maxCount must not be negative.");
        lock (_lock)
        {
            if (!_rows.TryGetValue(id, out var row)) return Task.FromResult<IReadOnlyList<LogEntry>>([]);
            IEnumerable<LogEntry> entries = descending
                ? row.Log.Values.Reverse().Where(e => afterSequence <= 0 || e.Sequence < afterSequence)
                : row.Log.Values.Where(e => e.Sequence > afterSequence);
            return Task.FromResult<IReadOnlyList<LogEntry>>(entries.Take(maxCount).ToList());
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<FeedEntry>> ReadFeedAsync(string feed, long afterSequence, int maxCount, bool descending = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feed);
        if (maxCount < 0) throw new ArgumentOutOfRangeException(nameof(maxCount), "[ST0002] maxCount must not be negative.");
        lock (_lock)
        {
            if (!_feeds.TryGetValue(feed, out var entries)) return Task.FromResult<IReadOnlyList<FeedEntry>>([]);
            // entries[i] has sequence i + 1, so a bound is an index.
            IEnumerable<FeedEntry> page = descending
                ? entries.Take(afterSequence <= 0 ? entries.Count : (int)Math.Min(afterSequence - 1, entries.Count)).Reverse()
                : entries.Skip((int)Math.Clamp(afterSequence, 0, entries.Count));
            return Task.FromResult<IReadOnlyList<FeedEntry>>(page.Take(maxCount).ToList());
        }
    }

    /// <inheritdoc />
    public Task<IndexPage> QueryIndexAsync(IndexQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.First is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(query), "[ST0003] First must be between 1 and 1000.");
        (DateTimeOffset CreatedAt, string Key)? after = query.After is null ? null : DecodeCursor(query.After);
        lock (_lock)
        {
            var matches = _rows
                .Where(r => r.Key.GrainType == query.GrainType && r.Key.StateName == query.StateName && r.Value.Index is not null)
                .Select(r => (r.Key.Key, Index: r.Value.Index!))
                .Where(r => (query.Partition is null || r.Index.Partition == query.Partition)
                         && (query.Status is null || r.Index.Status == query.Status)
                         && (query.Label is null || r.Index.Labels.Contains(query.Label)))
                .OrderByDescending(r => r.Index.CreatedAt).ThenByDescending(r => r.Key, StringComparer.Ordinal)
                .Where(r => after is null || r.Index.CreatedAt < after.Value.CreatedAt
                         || (r.Index.CreatedAt == after.Value.CreatedAt && string.CompareOrdinal(r.Key, after.Value.Key) < 0))
                .Take(query.First + 1)
                .ToList();
            var hasNext = matches.Count > query.First;
            var page = matches.Take(query.First).ToList();
            var cursor = page.Count == 0 ? null : EncodeCursor(page[^1].Index.CreatedAt, page[^1].Key);
            return Task.FromResult(new IndexPage(page.Select(p => p.Key).ToList(), cursor, hasNext));
        }
    }

    /// <inheritdoc />
    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private static void CheckEtag(GrainStateId id, Row? row, string? expectedEtag)
    {
        var stored = row?.State.ETag;
        if (stored != expectedEtag)
            throw new InconsistentStateException($"ETag mismatch for {id}: stored {stored ?? "(none)"}, expected {expectedEtag ?? "(none)"}.", stored, expectedEtag);
    }

    private static string EncodeCursor(DateTimeOffset createdAt, string key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{createdAt.UtcTicks}|{key}"));

    private static (DateTimeOffset, string) DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            var bar = text.IndexOf('|');
            return (new DateTimeOffset(long.Parse(text[..bar], CultureInfo.InvariantCulture), TimeSpan.Zero), text[(bar + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new ArgumentException("[ST0004] The cursor is not valid.", nameof(cursor), ex);
        }
    }
}
