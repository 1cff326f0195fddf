using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace CircuitBreaker.Storage;

/// <summary>PostgreSQL through an Npgsql data source (pooled connections); payloads are jsonb.</summary>
internal sealed class PostgreSqlDialect : SqlDialect
{
    // Arbitrary constant shared by every process of every service: migrations of one database run one at a time.
    private const long MigrationLockKey = 0x43425F5343484D41; // "CB_SCHMA"
    private readonly NpgsqlDataSource _dataSource;

    public PostgreSqlDialect(PostgreSqlStorageOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, nameof(options.ConnectionString));
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionStrings.WithPoolSize(options.ConnectionString, options.MaxPoolSize));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"STORAGE_CONNECTION_STRING: invalid PostgreSQL connection string: {e.Message}", nameof(options), e);
        }
        // Server-side prepared statements save PostgreSQL parsing and planning the same few statements over and over.
        if (!options.ConnectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) &&
            !options.ConnectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override string? OrleansSchemaSql => OrleansPostgreSqlSchema.Sql;

    // Several processes (silos) append to one feed; the primary key turns a race into 23505 on cb_event_pkey.
    public override bool IsFeedSequenceRace(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "cb_event_pkey" }) return true;
        return false;
    }

    public override IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE cb_grain_state (
            service_id text NOT NULL, grain_type text NOT NULL, grain_key text NOT NULL, state_name text NOT NULL,
            payload jsonb NOT NULL, etag text NOT NULL, version bigint NOT NULL, modified_at bigint NOT NULL,
            PRIMARY KEY (service_id, grain_type, grain_key, state_name));
        CREATE TABLE cb_grain_log (
            service_id text NOT NULL, grain_type text NOT NULL, grain_key text NOT NULL, state_name text NOT NULL,
            seq bigint NOT NULL, payload jsonb NOT NULL,
            PRIMARY KEY (service_id, grain_type, grain_key, state_name, seq));
        CREATE TABLE cb_grain_index (
            service_id text NOT NULL, grain_type text NOT NULL, state_name text NOT NULL, grain_key text NOT NULL,
            partition_key text NOT NULL, status text NOT NULL, created_at bigint NOT NULL,
            PRIMARY KEY (service_id, grain_type, state_name, grain_key));
        CREATE INDEX ix_cb_grain_index_created ON cb_grain_index (service_id, grain_type, state_name, created_at DESC, grain_key DESC);
        CREATE INDEX ix_cb_grain_index_partition ON cb_grain_index (service_id, grain_type, state_name, partition_key, created_at DESC, grain_key DESC);
        CREATE INDEX ix_cb_grain_index_status ON cb_grain_index (service_id, grain_type, state_name, status, created_at DESC, grain_key DESC);
        CREATE INDEX ix_cb_grain_index_partition_status ON cb_grain_index (service_id, grain_type, state_name, partition_key, status, created_at DESC, grain_key DESC);
        CREATE TABLE cb_grain_label (
            service_id text NOT NULL, grain_type text NOT NULL, state_name text NOT NULL, grain_key text NOT NULL, label text NOT NULL,
            partition_key text NOT NULL, status text NOT NULL, created_at bigint NOT NULL,
            PRIMARY KEY (service_id, grain_type, state_name, grain_key, label));
        CREATE INDEX ix_cb_grain_label_created ON cb_grain_label (service_id, grain_type, state_name, label, created_at DESC, grain_key DESC);
        CREATE INDEX ix_cb_grain_label_partition ON cb_grain_label (service_id, grain_type, state_name, label, partition_key, created_at DESC, grain_key DESC);
        CREATE TABLE cb_reminder (
            service_id text NOT NULL, grain_type text NOT NULL, grain_key text NOT NULL, reminder_name text NOT NULL,
            start_at bigint NOT NULL, period_ticks bigint NOT NULL, etag text NOT NULL,
            PRIMARY KEY (service_id, grain_type, grain_key, reminder_name));
        """,
        // 2: feeds of events written with state changes (e.g. every change of a workflow's tokens), read by sequence.
        """
        CREATE TABLE cb_event (
            service_id text NOT NULL, feed text NOT NULL, seq bigint NOT NULL, payload jsonb NOT NULL, created_at bigint NOT NULL,
            PRIMARY KEY (service_id, feed, seq));
        """,
    ];

    public override string CreateVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS cb_schema_version (version integer PRIMARY KEY, applied_at bigint NOT NULL)";

    public override bool FailedStatementAbortsTransaction => true;

    public override async Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async Task<DbConnection> OpenReaderAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({MigrationLockKey})";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    public override void AddJson(DbCommand command, string name, string json) =>
        ((NpgsqlCommand)command).Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json });

    public override IBatchedOperation CreateBatchedWrite(string serviceId, CircuitBreaker.Storage.GrainStateId id, CircuitBreaker.Storage.StateWrite write, string? expectedEtag, string newEtag, long now) =>
        new PostgreSqlBatchedWrite(serviceId, id, write, expectedEtag, newEtag, now);

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
