using System.Data.Common;

namespace CircuitBreaker.Storage;

/// <summary>What differs between SQLite and PostgreSQL: connections, DDL and typed parameters. The DML is shared.</summary>
internal abstract class SqlDialect : IAsyncDisposable
{
    /// <summary>The schema migrations in order; migration i brings the schema to version i + 1.</summary>
    public abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>DDL of the migration bookkeeping table.</summary>
    public abstract string CreateVersionTableSql { get; }

    /// <summary>True when <paramref name="error"/> is a feed event that another writer appended at the same sequence first.</summary>
    public virtual bool IsFeedSequenceRace(Exception error) => false;

    /// <summary>Orleans' own tables and queries on this database, applied at every start (null: none, as on SQLite).</summary>
    public virtual string? OrleansSchemaSql => null;

    /// <summary>Opens the connection the group-commit writer keeps.</summary>
    public abstract Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken);

    /// <summary>Opens a (pooled) connection for reads; the caller disposes it.</summary>
    public abstract Task<DbConnection> OpenReaderAsync(CancellationToken cancellationToken);

    /// <summary>Serialises concurrent migrations from several processes inside <paramref name="transaction"/>.</summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Begins a write transaction that holds the write lock from the start where the database needs that.</summary>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Adds a JSON parameter (jsonb on PostgreSQL, TEXT on SQLite).</summary>
    public abstract void AddJson(DbCommand command, string name, string json);

    /// <summary>Sets a JSON parameter of a reused command, adding it (typed) on the command's first use.</summary>
    public void SetJson(DbCommand command, string name, string json)
    {
        var index = command.Parameters.IndexOf(name);
        if (index >= 0)
            command.Parameters[index].Value = json;
        else
            AddJson(command, name, json);
    }

    /// <summary>True when a failed statement makes the whole transaction unusable (PostgreSQL), so every write needs a savepoint.</summary>
    public abstract bool FailedStatementAbortsTransaction { get; }

    /// <summary>A state write as one pipelinable statement, or null when the dialect runs writes one by one.</summary>
    public virtual IBatchedOperation? CreateBatchedWrite(string serviceId, Storage.GrainStateId id, Storage.StateWrite write, string? expectedEtag, string newEtag, long now) => null;

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
