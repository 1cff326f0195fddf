using System.Data.Common;
using Orleans.Storage;

namespace CircuitBreaker.Storage;

/// <summary>
/// Grain state, append-only logs, a secondary index and reminders in SQLite or PostgreSQL. Every change goes through
/// a <see cref="GroupCommitWriter"/>; reads use pooled connections. Disposing flushes the pending writes.
/// </summary>
public sealed class AdoNetStateStore : IStateStore, IAsyncDisposable
{
    private readonly SqlDialect _dialect;
    private readonly GroupCommitWriter _writer;
    private readonly object _initializationLock = new();
    private Task? _initialization;

    internal AdoNetStateStore(SqlDialect dialect, string serviceId, int maxBatchSize)
    {
        StorageInputValidator.ValidateText(serviceId, StorageInputValidator.MaxNameLength, nameof(serviceId));
        _dialect = dialect;
        ServiceId = serviceId;
        _writer = new GroupCommitWriter(dialect, maxBatchSize);
    }

    /// <summary>The service id scoping every row this instance reads and writes.</summary>
    public string ServiceId { get; }

    /// <summary>Creates or migrates the schema (idempotent; also done on first use).</summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        lock (_initializationLock)
        {
            // A failed start-up (database not reachable yet) is retried by the next call instead of failing forever.
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
                _initialization = Task.Run(() => MigrateAsync(CancellationToken.None));
            return _initialization.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Applies the schema migrations again (a no-op when the schema is current); returns the schema version.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        // The writer connection (not a reader) so SQLite is switched to WAL before the first reader opens it.
        await using var connection = await _dialect.OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        return await SchemaMigrator.MigrateAsync(_dialect, connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredState?> ReadAsync(GrainStateId id, CancellationToken cancellationToken = default)
    {
        StorageInputValidator.ValidateId(id);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dialect.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT payload, etag, modified_at FROM cb_grain_state WHERE " + StateKey, id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            return null;
        return new StoredState(reader.GetString(0), reader.GetString(1), FromTicks(reader.GetInt64(2)));
    }

    /// <inheritdoc />
    public async Task<StateWriteResult> WriteAsync(GrainStateId id, StateWrite write, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        StorageInputValidator.ValidateId(id);
        StorageInputValidator.ValidateWrite(write);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(id, write, expectedEtag, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException ex) when (write.Event is not null && attempt < MaxFeedRaceAttempts && _dialect.IsFeedSequenceRace(ex))
            {
                // Another process appended to the same feed at the same sequence first; this write changed nothing
                // (its transaction step rolled back), so it is tried again at the next sequence.
                await Task.Delay(Random.Shared.Next(1, 4 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>How often a write whose feed event lost a race with another process is tried.</summary>
    private const int MaxFeedRaceAttempts = 20;

    private async Task<StateWriteResult> WriteOnceAsync(GrainStateId id, StateWrite write, string? expectedEtag, CancellationToken cancellationToken)
    {
        var newEtag = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow.UtcTicks;
        return await _writer.EnqueueAsync<StateWriteResult>(async session =>
        {
            var command = expectedEtag is null
                ? StateCommand(session, InsertStateSql, id)
                : StateCommand(session, UpdateStateSql, id);
            command.SetJson("@payload", write.Json);
            command.Set("@etag", newEtag);
            command.Set("@now", now);
            if (expectedEtag is not null)
                command.Set("@expected", expectedEtag);
            if (await command.ExecuteAsync().ConfigureAwait(false) != 1)
                throw await ConflictAsync(session, id, expectedEtag, "write").ConfigureAwait(false);
            foreach (var entry in write.Append)
            {
                var append = StateCommand(session, AppendLogSql, id);
                append.Set("@seq", entry.Sequence);
                append.SetJson("@payload", entry.Json);
                await append.ExecuteAsync().ConfigureAwait(false);
            }
            if (write.Index is { } index)
                await ReplaceIndexAsync(session, id, index).ConfigureAwait(false);
            long? eventSequence = null;
            if (write.Event is { } feedEvent)
            {
                var append = StateCommand(session, AppendEventSql, id);
                append.Set("@feed", feedEvent.Feed);
                append.SetJson("@event", feedEvent.Json);
                append.Set("@now", now);
                eventSequence = Convert.ToInt64(await append.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            }
            return new StateWriteResult(newEtag, eventSequence);
        }, _dialect.CreateBatchedWrite(ServiceId, id, write, expectedEtag, newEtag, now),
            singleStatement: write.Append.Count == 0 && write.Index is null && write.Event is null, cancellationToken).ConfigureAwait(false);
    }

    private const string InsertStateSql =
        "INSERT INTO cb_grain_state (service_id, grain_type, grain_key, state_name, payload, etag, version, modified_at) " +
        "VALUES (@service, @type, @key, @state, @payload, @etag, 1, @now) ON CONFLICT DO NOTHING";

    private const string UpdateStateSql =
        "UPDATE cb_grain_state SET payload = @payload, etag = @etag, version = version + 1, modified_at = @now WHERE " + StateKey + " AND etag = @expected";

    private const string AppendLogSql =
        "INSERT INTO cb_grain_log (service_id, grain_type, grain_key, state_name, seq, payload) VALUES (@service, @type, @key, @state, @seq, @payload)";

    /// <summary>
    /// Appends an event at the feed's next sequence. The primary key (service, feed, seq) makes sequences gap-free and
    /// commit-ordered even with several writers: a racing writer that computed the same sequence fails instead of
    /// committing out of order. The max is one seek on that key.
    /// </summary>
    internal const string AppendEventSql =
        "INSERT INTO cb_event (service_id, feed, seq, payload, created_at) " +
        "SELECT @service, @feed, COALESCE(MAX(seq), 0) + 1, @event, @now FROM cb_event WHERE service_id = @service AND feed = @feed " +
        "RETURNING seq";

    /// <inheritdoc />
    public async Task ClearAsync(GrainStateId id, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        StorageInputValidator.ValidateId(id);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _writer.EnqueueAsync<object?>(async session =>
        {
            var (connection, transaction) = (session.Connection, session.Transaction);
            if (expectedEtag is null)
            {
                var stored = await StoredEtagAsync(session, id).ConfigureAwait(false);
                if (stored is not null)
                    throw new InconsistentStateException($"STORAGE_ETAG_MISMATCH: clear of {id} expected no state but one exists.", stored, (string?)null);
            }
            else
            {
                await using var delete = Command(connection, transaction, "DELETE FROM cb_grain_state WHERE " + StateKey + " AND etag = @expected", id);
                Add(delete, "expected", expectedEtag);
                if (await delete.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
                    throw await ConflictAsync(session, id, expectedEtag, "clear").ConfigureAwait(false);
            }
            await using var rest = Command(connection, transaction,
                "DELETE FROM cb_grain_log WHERE " + StateKey + "; " +
                "DELETE FROM cb_grain_index WHERE " + StateKey + "; " +
                "DELETE FROM cb_grain_label WHERE " + StateKey, id);
            await rest.ExecuteNonQueryAsync().ConfigureAwait(false);
            return null;
        }, null, singleStatement: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Ascending: entries with sequence &gt; <paramref name="afterSequence"/>. Descending: entries with sequence
    /// &lt; <paramref name="afterSequence"/>, newest first; 0 (or less) starts at the newest entry.</remarks>
    public async Task<IReadOnlyList<LogEntry>> ReadLogAsync(GrainStateId id, long afterSequence, int maxCount, bool descending = false, CancellationToken cancellationToken = default)
    {
        StorageInputValidator.ValidateId(id);
        if (maxCount is < 1 or > 10_000)
            throw new ArgumentOutOfRangeException(nameof(maxCount), maxCount, "STORAGE_BAD_PAGE_SIZE: maxCount must be between 1 and 10000.");
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dialect.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        var bound = descending ? (afterSequence <= 0 ? long.MaxValue : afterSequence) : afterSequence;
        await using var command = Command(connection, null,
            "SELECT seq, payload FROM cb_grain_log WHERE " + StateKey +
            (descending ? " AND seq < @bound ORDER BY seq DESC" : " AND seq > @bound ORDER BY seq") + " LIMIT @limit", id);
        Add(command, "bound", bound);
        Add(command, "limit", maxCount);
        var entries = new List<LogEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            entries.Add(new LogEntry(reader.GetInt64(0), reader.GetString(1)));
        return entries;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<FeedEntry>> ReadFeedAsync(string feed, long afterSequence, int maxCount, bool descending = false, CancellationToken cancellationToken = default)
    {
        StorageInputValidator.ValidateText(feed, StorageInputValidator.MaxFeedLength, nameof(feed));
        if (maxCount is < 1 or > 10_000)
            throw new ArgumentOutOfRangeException(nameof(maxCount), maxCount, "STORAGE_BAD_PAGE_SIZE: maxCount must be between 1 and 10000.");
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dialect.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // A range scan of the primary key (service_id, feed, seq) in either direction.
        command.CommandText = "SELECT seq, payload, created_at FROM cb_event WHERE service_id = @service AND feed = @feed" +
            (descending ? " AND seq < @bound ORDER BY seq DESC" : " AND seq > @bound ORDER BY seq") + " LIMIT @limit";
        Add(command, "service", ServiceId);
        Add(command, "feed", feed);
        Add(command, "bound", descending ? (afterSequence <= 0 ? long.MaxValue : afterSequence) : afterSequence);
        Add(command, "limit", maxCount);
        var entries = new List<FeedEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            entries.Add(new FeedEntry(reader.GetInt64(0), reader.GetString(1), FromTicks(reader.GetInt64(2))));
        return entries;
    }

    /// <inheritdoc />
    public async Task<IndexPage> QueryIndexAsync(IndexQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        StorageInputValidator.ValidateText(query.GrainType, StorageInputValidator.MaxNameLength, "query.GrainType");
        StorageInputValidator.ValidateText(query.StateName, StorageInputValidator.MaxNameLength, "query.StateName");
        if (query.First is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(query), query.First, "STORAGE_BAD_PAGE_SIZE: First must be between 1 and 1000.");
        var cursor = query.After is null ? (IndexCursor?)null : IndexCursor.Decode(query.After);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dialect.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var sql = new System.Text.StringBuilder("SELECT grain_key, created_at FROM ")
            .Append(query.Label is null ? "cb_grain_index" : "cb_grain_label")
            .Append(" WHERE service_id = @service AND grain_type = @type AND state_name = @state");
        Add(command, "service", ServiceId);
        Add(command, "type", query.GrainType);
        Add(command, "state", query.StateName);
        if (query.Label is not null)
        {
            StorageInputValidator.ValidateText(query.Label, StorageInputValidator.MaxNameLength, "query.Label");
            sql.Append(" AND label = @label");
            Add(command, "label", query.Label);
        }
        if (query.Partition is not null)
        {
            StorageInputValidator.ValidateText(query.Partition, StorageInputValidator.MaxNameLength, "query.Partition", allowEmpty: true);
            sql.Append(" AND partition_key = @partition");
            Add(command, "partition", query.Partition);
        }
        if (query.Status is not null)
        {
            StorageInputValidator.ValidateText(query.Status, StorageInputValidator.MaxNameLength, "query.Status", allowEmpty: true);
            sql.Append(" AND status = @status");
            Add(command, "status", query.Status);
        }
        if (cursor is { } after)
        {
            // Keyset pagination: a row comparison both databases serve from the (…, created_at DESC, grain_key DESC) indexes.
            sql.Append(" AND (created_at, grain_key) < (@after_created, @after_key)");
            Add(command, "after_created", after.CreatedAtTicks);
            Add(command, "after_key", after.Key);
        }
        sql.Append(" ORDER BY created_at DESC, grain_key DESC LIMIT @limit");
        Add(command, "limit", query.First + 1);
        command.CommandText = sql.ToString();
        var keys = new List<string>(query.First + 1);
        long lastCreated = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                keys.Add(reader.GetString(0));
                if (keys.Count <= query.First)
                    lastCreated = reader.GetInt64(1);
            }
        }
        var hasNext = keys.Count > query.First;
        if (hasNext)
            keys.RemoveAt(keys.Count - 1);
        var endCursor = keys.Count == 0 ? null : new IndexCursor(lastCreated, keys[^1]).Encode();
        return new IndexPage(keys, endCursor, hasNext);
    }

    /// <inheritdoc />
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dialect.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IndexCount>> CountIndexAsync(string grainType, string stateName, CancellationToken cancellationToken = default)
    {
        StorageInputValidator.ValidateText(grainType, StorageInputValidator.MaxNameLength, nameof(grainType));
        StorageInputValidator.ValidateText(stateName, StorageInputValidator.MaxNameLength, nameof(stateName));
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dialect.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // Served from the (service_id, grain_type, state_name, partition_key, status, …) index on both databases.
        command.CommandText = "SELECT partition_key, status, COUNT(*) FROM cb_grain_index " +
            "WHERE service_id = @service AND grain_type = @type AND state_name = @state GROUP BY partition_key, status";
        Add(command, "service", ServiceId);
        Add(command, "type", grainType);
        Add(command, "state", stateName);
        var counts = new List<IndexCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            counts.Add(new IndexCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return counts;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IndexStatus>> ReadIndexStatusesAsync(string grainType, string stateName, int maxCount, CancellationToken cancellationToken = default)
    {
        StorageInputValidator.ValidateText(grainType, StorageInputValidator.MaxNameLength, nameof(grainType));
        StorageInputValidator.ValidateText(stateName, StorageInputValidator.MaxNameLength, nameof(stateName));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dialect.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_key, status FROM cb_grain_index " +
            "WHERE service_id = @service AND grain_type = @type AND state_name = @state ORDER BY grain_key LIMIT @limit";
        Add(command, "service", ServiceId);
        Add(command, "type", grainType);
        Add(command, "state", stateName);
        Add(command, "limit", maxCount);
        var statuses = new List<IndexStatus>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            statuses.Add(new IndexStatus(reader.GetString(0), reader.GetString(1)));
        return statuses;
    }

    /// <summary>Inserts or replaces a reminder; returns its new ETag.</summary>
    public async Task<string> UpsertAsync(string grainType, string key, string name, DateTimeOffset startAt, TimeSpan period, CancellationToken cancellationToken = default)
    {
        ValidateReminder(grainType, key, name);
        if (period < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(period), period, "STORAGE_BAD_PERIOD: a reminder period must not be negative.");
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var etag = Guid.NewGuid().ToString("N");
        return await _writer.EnqueueAsync<string>(async session =>
        {
            await using var command = ReminderCommand(session.Connection, session.Transaction,
                "INSERT INTO cb_reminder (service_id, grain_type, grain_key, reminder_name, start_at, period_ticks, etag) " +
                "VALUES (@service, @type, @key, @name, @start, @period, @etag) " +
                "ON CONFLICT (service_id, grain_type, grain_key, reminder_name) DO UPDATE SET start_at = excluded.start_at, period_ticks = excluded.period_ticks, etag = excluded.etag",
                grainType, key, name);
            Add(command, "start", startAt.UtcTicks);
            Add(command, "period", period.Ticks);
            Add(command, "etag", etag);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            return etag;
        }, null, singleStatement: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a reminder (only when its ETag is <paramref name="etag"/>, if given); false when nothing was removed.</summary>
    public async Task<bool> RemoveAsync(string grainType, string key, string name, string? etag = null, CancellationToken cancellationToken = default)
    {
        ValidateReminder(grainType, key, name);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await _writer.EnqueueAsync<bool>(async session =>
        {
            await using var command = ReminderCommand(session.Connection, session.Transaction,
                "DELETE FROM cb_reminder WHERE service_id = @service AND grain_type = @type AND grain_key = @key AND reminder_name = @name" +
                (etag is null ? "" : " AND etag = @etag"), grainType, key, name);
            if (etag is not null)
                Add(command, "etag", etag);
            return await command.ExecuteNonQueryAsync().ConfigureAwait(false) == 1;
        }, null, singleStatement: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the reminders of one grain.</summary>
    public async Task<IReadOnlyList<ReminderRow>> ReadAsync(string grainType, string key, CancellationToken cancellationToken = default)
    {
        StorageInputValidator.ValidateText(grainType, StorageInputValidator.MaxNameLength, nameof(grainType));
        StorageInputValidator.ValidateText(key, StorageInputValidator.MaxKeyLength, nameof(key));
        return await ReadRemindersAsync(" AND grain_type = @type AND grain_key = @key", grainType, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads every reminder of the service.</summary>
    public Task<IReadOnlyList<ReminderRow>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        ReadRemindersAsync("", null, null, cancellationToken);

    /// <summary>Commits every queued write, then closes all connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _dialect.DisposeAsync().ConfigureAwait(false);
    }

    private const string StateKey = "service_id = @service AND grain_type = @type AND grain_key = @key AND state_name = @state";

    private async Task<IReadOnlyList<ReminderRow>> ReadRemindersAsync(string filter, string? grainType, string? key, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dialect.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_type, grain_key, reminder_name, start_at, period_ticks, etag FROM cb_reminder WHERE service_id = @service" + filter +
                              " ORDER BY grain_type, grain_key, reminder_name";
        Add(command, "service", ServiceId);
        if (grainType is not null)
            Add(command, "type", grainType);
        if (key is not null)
            Add(command, "key", key);
        var entries = new List<ReminderRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            entries.Add(new ReminderRow(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                FromTicks(reader.GetInt64(3)), TimeSpan.FromTicks(reader.GetInt64(4)), reader.GetString(5)));
        return entries;
    }

    private const string UpsertIndexSql =
        "INSERT INTO cb_grain_index (service_id, grain_type, state_name, grain_key, partition_key, status, created_at) " +
        "VALUES (@service, @type, @state, @key, @partition, @status, @created) " +
        "ON CONFLICT (service_id, grain_type, state_name, grain_key) DO UPDATE SET partition_key = excluded.partition_key, status = excluded.status, created_at = excluded.created_at " +
        "WHERE cb_grain_index.partition_key <> excluded.partition_key OR cb_grain_index.status <> excluded.status OR cb_grain_index.created_at <> excluded.created_at";

    private const string UpsertLabelSql =
        "INSERT INTO cb_grain_label (service_id, grain_type, state_name, grain_key, label, partition_key, status, created_at) " +
        "VALUES (@service, @type, @state, @key, @label, @partition, @status, @created) " +
        "ON CONFLICT (service_id, grain_type, state_name, grain_key, label) DO UPDATE SET partition_key = excluded.partition_key, status = excluded.status, created_at = excluded.created_at " +
        "WHERE cb_grain_label.partition_key <> excluded.partition_key OR cb_grain_label.status <> excluded.status OR cb_grain_label.created_at <> excluded.created_at";

    // DELETE of the labels not in a list of 0, 1, 2, 4, 8, … parameters (a list is padded by repeating its first label),
    // so a handful of SQL texts, each prepared once, serve every label count.
    private static readonly string[] DeleteOtherLabelsSql = [.. Enumerable.Range(0, 12).Select(bucket => "DELETE FROM cb_grain_label WHERE " + StateKey +
        (bucket == 0 ? "" : " AND label NOT IN (" + string.Join(", ", Enumerable.Range(0, LabelSlots(bucket)).Select(i => "@l" + i)) + ")"))];

    /// <summary>
    /// Makes the index row and label rows equal to <paramref name="index"/>, writing only what differs: an unchanged
    /// index row is left alone (the upsert's WHERE), labels no longer present are deleted, new ones inserted, and kept
    /// ones updated only when partition, status or creation time changed. A fire that keeps its places writes none of
    /// these rows; one that moves from place a to b deletes one label row and inserts one.
    /// </summary>
    private async Task ReplaceIndexAsync(WriterSession session, GrainStateId id, IndexEntry index)
    {
        var created = index.CreatedAt.UtcTicks;
        var upsert = StateCommand(session, UpsertIndexSql, id);
        upsert.Set("@partition", index.Partition);
        upsert.Set("@status", index.Status);
        upsert.Set("@created", created);
        await upsert.ExecuteAsync().ConfigureAwait(false);

        var labels = index.Labels.Count <= 1 ? index.Labels : [.. index.Labels.Distinct(StringComparer.Ordinal)];
        // The smallest list that holds every label; beyond the largest one, delete them all and insert them again.
        var bucket = 0;
        while (bucket < DeleteOtherLabelsSql.Length && LabelSlots(bucket) < labels.Count)
            bucket++;
        if (bucket == DeleteOtherLabelsSql.Length)
            bucket = 0;
        var slots = LabelSlots(bucket);
        var delete = StateCommand(session, DeleteOtherLabelsSql[bucket], id);
        for (var i = 0; i < slots; i++)
            delete.Set(LabelParameter(i), labels[i < labels.Count ? i : 0]);
        await delete.ExecuteAsync().ConfigureAwait(false);

        foreach (var label in labels)
        {
            var insert = StateCommand(session, UpsertLabelSql, id);
            insert.Set("@label", label);
            insert.Set("@partition", index.Partition);
            insert.Set("@status", index.Status);
            insert.Set("@created", created);
            await insert.ExecuteAsync().ConfigureAwait(false);
        }
    }

    private static int LabelSlots(int bucket) => bucket == 0 ? 0 : 1 << (bucket - 1);

    private static readonly string[] LabelParameters = [.. Enumerable.Range(0, 64).Select(i => "@l" + i)];

    private static string LabelParameter(int i) => i < LabelParameters.Length ? LabelParameters[i] : "@l" + i;

    private async Task<InconsistentStateException> ConflictAsync(WriterSession session, GrainStateId id, string? expectedEtag, string operation)
    {
        var stored = await StoredEtagAsync(session, id).ConfigureAwait(false);
        return new InconsistentStateException(
            $"STORAGE_ETAG_MISMATCH: {operation} of {id} expected ETag '{expectedEtag ?? "(none)"}' but storage has '{stored ?? "(none)"}'.",
            stored, expectedEtag);
    }

    private async Task<string?> StoredEtagAsync(WriterSession session, GrainStateId id) =>
        await StateCommand(session, "SELECT etag FROM cb_grain_state WHERE " + StateKey, id).ExecuteScalarAsync().ConfigureAwait(false) as string;

    /// <summary>A cached writer statement for <paramref name="sql"/> with the state key parameters bound.</summary>
    private WriterStatement StateCommand(WriterSession session, string sql, GrainStateId id)
    {
        var command = session.Statement(sql);
        command.Set("@service", ServiceId);
        command.Set("@type", id.GrainType);
        command.Set("@key", id.Key);
        command.Set("@state", id.StateName);
        return command;
    }

    private DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, GrainStateId id)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Add(command, "service", ServiceId);
        Add(command, "type", id.GrainType);
        Add(command, "key", id.Key);
        Add(command, "state", id.StateName);
        return command;
    }

    private DbCommand ReminderCommand(DbConnection connection, DbTransaction transaction, string sql, string grainType, string key, string name)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Add(command, "service", ServiceId);
        Add(command, "type", grainType);
        Add(command, "key", key);
        Add(command, "name", name);
        return command;
    }

    private static void ValidateReminder(string grainType, string key, string name)
    {
        StorageInputValidator.ValidateText(grainType, StorageInputValidator.MaxNameLength, nameof(grainType));
        StorageInputValidator.ValidateText(key, StorageInputValidator.MaxKeyLength, nameof(key));
        StorageInputValidator.ValidateText(name, StorageInputValidator.MaxNameLength, nameof(name));
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);
}
