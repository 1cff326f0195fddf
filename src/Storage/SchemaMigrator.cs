using System.Data.Common;

namespace CircuitBreaker.Storage;

/// <summary>
/// Brings the schema to the latest version inside one transaction, recording each applied version in
/// <c>cb_schema_version</c>. Idempotent; concurrent start-ups are serialised by the dialect's lock.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>Applies the missing migrations and returns the schema version afterwards.</summary>
    public static async Task<int> MigrateAsync(SqlDialect dialect, DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await dialect.LockForMigrationAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, dialect.CreateVersionTableSql, cancellationToken).ConfigureAwait(false);
        var current = await CurrentVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (current > dialect.Migrations.Count)
            throw new StorageException($"STORAGE_SCHEMA_TOO_NEW: the database schema is version {current}, this build knows up to {dialect.Migrations.Count}.");
        for (var version = current + 1; version <= dialect.Migrations.Count; version++)
        {
            await ExecuteAsync(connection, transaction, dialect.Migrations[version - 1], cancellationToken).ConfigureAwait(false);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO cb_schema_version (version, applied_at) VALUES (@v, @at)";
            AddParameter(record, "v", version);
            AddParameter(record, "at", DateTimeOffset.UtcNow.UtcTicks);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        // Orleans' clustering and reminder tables: idempotent, re-applied at every start under the same lock.
        if (dialect.OrleansSchemaSql is { } orleans)
            await ExecuteAsync(connection, transaction, orleans, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return dialect.Migrations.Count;
    }

    private static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM cb_schema_version";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
