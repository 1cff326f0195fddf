using Orleans.Storage;
using System.Data.Common;
using System.Text;
using CircuitBreaker.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CircuitBreaker.Storage;

/// <summary>
/// A state write (with its log entries, index and feed event) as ONE PostgreSQL statement: data-modifying CTEs that
/// only act when the ETag-checked state change hit its row, returning (changed rows, ETag stored before the statement,
/// the feed event's sequence).
/// </summary>
internal sealed class PostgreSqlBatchedWrite(string serviceId, GrainStateId id, StateWrite write, string? expectedEtag, string newEtag, long now)
    : IBatchedOperation
{
    public void AddTo(DbBatch batch)
    {
        var command = (NpgsqlBatchCommand)batch.CreateBatchCommand();
        var sql = new StringBuilder("WITH s AS (");
        sql.Append(expectedEtag is null
            ? "INSERT INTO cb_grain_state (service_id, grain_type, grain_key, state_name, payload, etag, version, modified_at) " +
              "VALUES (@service, @type, @key, @state, @payload, @etag, 1, @now) ON CONFLICT DO NOTHING RETURNING 1"
            : "UPDATE cb_grain_state SET payload = @payload, etag = @etag, version = version + 1, modified_at = @now " +
              "WHERE service_id = @service AND grain_type = @type AND grain_key = @key AND state_name = @state AND etag = @expected RETURNING 1");
        sql.Append(')');
        Add(command, "service", serviceId);
        Add(command, "type", id.GrainType);
        Add(command, "key", id.Key);
        Add(command, "state", id.StateName);
        command.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = write.Json });
        Add(command, "etag", newEtag);
        Add(command, "now", now);
        if (expectedEtag is not null)
            Add(command, "expected", expectedEtag);
        if (write.Append.Count > 0)
        {
            sql.Append(", log AS (INSERT INTO cb_grain_log (service_id, grain_type, grain_key, state_name, seq, payload) " +
                       "SELECT @service, @type, @key, @state, u.seq, u.payload::jsonb FROM unnest(@seqs, @payloads) AS u(seq, payload) " +
                       "WHERE EXISTS (SELECT 1 FROM s))");
            Add(command, "seqs", write.Append.Select(e => e.Sequence).ToArray());
            Add(command, "payloads", write.Append.Select(e => e.Json).ToArray());
        }
        if (write.Index is { } index)
        {
            // Labels: delete the ones no longer present and upsert the new set, so no row is touched twice in one statement.
            // Rows whose values are unchanged are not rewritten (the upserts' WHERE): most fires change no index value.
            sql.Append(", ix AS (INSERT INTO cb_grain_index (service_id, grain_type, state_name, grain_key, partition_key, status, created_at) " +
                       "SELECT @service, @type, @state, @key, @partition, @status, @created WHERE EXISTS (SELECT 1 FROM s) " +
                       "ON CONFLICT (service_id, grain_type, state_name, grain_key) DO UPDATE SET partition_key = excluded.partition_key, status = excluded.status, created_at = excluded.created_at " +
                       "WHERE cb_grain_index.partition_key <> excluded.partition_key OR cb_grain_index.status <> excluded.status OR cb_grain_index.created_at <> excluded.created_at)" +
                       ", dl AS (DELETE FROM cb_grain_label WHERE service_id = @service AND grain_type = @type AND state_name = @state AND grain_key = @key " +
                       "AND label <> ALL(@labels) AND EXISTS (SELECT 1 FROM s))" +
                       ", il AS (INSERT INTO cb_grain_label (service_id, grain_type, state_name, grain_key, label, partition_key, status, created_at) " +
                       "SELECT @service, @type, @state, @key, l, @partition, @status, @created FROM unnest(@labels) AS l WHERE EXISTS (SELECT 1 FROM s) " +
                       "ON CONFLICT (service_id, grain_type, state_name, grain_key, label) DO UPDATE SET partition_key = excluded.partition_key, status = excluded.status, created_at = excluded.created_at " +
                       "WHERE cb_grain_label.partition_key <> excluded.partition_key OR cb_grain_label.status <> excluded.status OR cb_grain_label.created_at <> excluded.created_at)");
            Add(command, "partition", index.Partition);
            Add(command, "status", index.Status);
            Add(command, "created", index.CreatedAt.UtcTicks);
            Add(command, "labels", index.Labels.Distinct(StringComparer.Ordinal).ToArray());
        }
        if (write.Event is { } feedEvent)
        {
            // The max is taken in a subquery: an aggregate over no rows still yields one row, which must not be inserted
            // when the state change missed. Earlier statements of the batch are visible, so one batch may append twice.
            sql.Append(", ev AS (INSERT INTO cb_event (service_id, feed, seq, payload, created_at) " +
                       "SELECT @service, @feed, m.next, @event, @now FROM (SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM cb_event " +
                       "WHERE service_id = @service AND feed = @feed) AS m WHERE EXISTS (SELECT 1 FROM s) RETURNING seq)");
            Add(command, "feed", feedEvent.Feed);
            command.Parameters.Add(new NpgsqlParameter("event", NpgsqlDbType.Jsonb) { Value = feedEvent.Json });
        }
        sql.Append(" SELECT (SELECT count(*) FROM s), (SELECT etag FROM cb_grain_state WHERE service_id = @service AND grain_type = @type AND grain_key = @key AND state_name = @state)");
        if (write.Event is not null)
            sql.Append(", (SELECT seq FROM ev)");
        command.CommandText = sql.ToString();
        batch.BatchCommands.Add(command);
    }

    public async Task<object?> ReadResultAsync(DbDataReader reader)
    {
        if (!await reader.ReadAsync().ConfigureAwait(false))
            throw new InvalidOperationException("A batched write returned no result row.");
        if (reader.GetInt64(0) == 1)
            return new StateWriteResult(newEtag, write.Event is null ? null : reader.GetInt64(2));
        // The statement's snapshot predates its own change, so this is the ETag that made the write conflict.
        var stored = reader.IsDBNull(1) ? null : reader.GetString(1);
        return new InconsistentStateException(
            $"STORAGE_ETAG_MISMATCH: write of {id} expected ETag '{expectedEtag ?? "(none)"}' but storage has '{stored ?? "(none)"}'.",
            stored, expectedEtag);
    }

    private static void Add(NpgsqlBatchCommand command, string name, object value) => command.Parameters.Add(new NpgsqlParameter(name, value));
}
