using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace CircuitBreaker.Storage;

/// <summary>
/// SQLite: one file in WAL mode, one writer connection (the group-commit writer) with synchronous=FULL so that a
/// committed write survives power loss, and pooled reader connections that WAL lets read while the writer writes.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    private readonly string _writerConnectionString;
    private readonly string _readerConnectionString;
    private readonly SqliteFileLock _lock;

    public SqliteDialect(SqliteStorageOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory, nameof(options.DataDirectory));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.FileName, nameof(options.FileName));
        if (options.FileName.IndexOfAny(['/', '\\']) >= 0)
            throw new ArgumentException("STORAGE_FILE_NAME: FileName must be a plain file name.", nameof(options));
        Directory.CreateDirectory(options.DataDirectory);
        var path = Path.GetFullPath(Path.Combine(options.DataDirectory, options.FileName));
        _lock = SqliteFileLock.Acquire(path);
        _writerConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString();
        _readerConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
    }

    public override IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE cb_grain_state (
            service_id TEXT NOT NULL, grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL,
            payload TEXT NOT NULL, etag TEXT NOT NULL, version INTEGER NOT NULL, modified_at INTEGER NOT NULL,
            PRIMARY KEY (service_id, grain_type, grain_key, state_name)) WITHOUT ROWID;
        CREATE TABLE cb_grain_log (
            service_id TEXT NOT NULL, grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL,
            seq INTEGER NOT NULL, payload TEXT NOT NULL,
            PRIMARY KEY (service_id, grain_type, grain_key, state_name, seq)) WITHOUT ROWID;
        CREATE TABLE cb_grain_index (
            service_id TEXT NOT NULL, grain_type TEXT NOT NULL, state_name TEXT NOT NULL, grain_key TEXT NOT NULL,
            partition_key TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL,
            PRIMARY KEY (service_id, grain_type, state_name, grain_key));
        CREATE INDEX ix_cb_grain_index_created ON cb_grain_index (service_id, grain_type, state_name, created_at DESC, grain_key DESC);
        CREATE INDEX ix_cb_grain_index_partition ON cb_grain_index (service_id, grain_type, state_name, partition_key, created_at DESC, grain_key DESC);
        CREATE INDEX ix_cb_grain_index_status ON cb_grain_index (service_id, grain_type, state_name, status, created_at DESC, grain_key DESC);
        CREATE INDEX ix_cb_grain_index_partition_status ON cb_grain_index (service_id, grain_type, state_name, partition_key, status, created_at DESC, grain_key DESC);
        CREATE TABLE cb_grain_label (
            service_id TEXT NOT NULL, grain_type TEXT NOT NULL, state_name TEXT NOT NULL, grain_key TEXT NOT NULL, label TEXT NOT NULL,
            partition_key TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL,
            PRIMARY KEY (service_id, grain_type, state_name, grain_key, label));
        CREATE INDEX ix_cb_grain_label_created ON cb_grain_label (service_id, grain_type, state_name, label, created_at DESC, grain_key DESC);
        CREATE INDEX ix_cb_grain_label_partition ON cb_grain_label (service_id, grain_type, state_name, label, partition_key, created_at DESC, grain_key DESC);
        CREATE TABLE cb_reminder (
            service_id TEXT NOT NULL, grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, reminder_name TEXT NOT NULL,
            start_at INTEGER NOT NULL, period_ticks INTEGER NOT NULL, etag TEXT NOT NULL,
            PRIMARY KEY (service_id, grain_type, grain_key, reminder_name)) WITHOUT ROWID;
        """,
        // 2: feeds of events written with state changes (e.g. every change of a workflow's tokens), read by sequence.
        """
        CREATE TABLE cb_event (
            service_id TEXT NOT NULL, feed TEXT NOT NULL, seq INTEGER NOT NULL, payload TEXT NOT NULL, created_at INTEGER NOT NULL,
            PRIMARY KEY (service_id, feed, seq)) WITHOUT ROWID;
        """,
    ];

    public override string CreateVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS cb_schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)";

    public override bool FailedStatementAbortsTransaction => false;

    public override async Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_writerConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            // WAL is persistent in the file; FULL syncs the WAL at every commit so a completed write survives power loss.
            // A 64 MiB page cache (SQLite's default is 2 MiB) keeps the pages a batch of writes touches in memory
            // instead of re-reading them, and checkpointing every 10,000 WAL pages (~40 MiB; default 1,000) copies a
            // page that many batches rewrite once instead of once per few batches. Neither changes durability.
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; " +
                                  "PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=10000;";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async Task<DbConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_readerConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    // BEGIN IMMEDIATE (the provider's default) already holds the write lock, which serialises migrations across processes.
    public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override void AddJson(DbCommand command, string name, string json) =>
        ((SqliteCommand)command).Parameters.AddWithValue(name, json);

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _lock.Dispose();
        return ValueTask.CompletedTask;
    }
}
