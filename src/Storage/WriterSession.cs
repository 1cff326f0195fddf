using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CircuitBreaker.Storage;

/// <summary>
/// The group-commit writer's connection, the batch transaction it is running, and its statements cached by SQL text.
/// A cached statement is prepared once per connection (Microsoft.Data.Sqlite would prepare every new command anew:
/// parsing and planning the same few statements on every write) and a write only rebinds values. Used by the single
/// writer loop only, one operation at a time; dropped with the connection.
/// </summary>
internal sealed class WriterSession(DbConnection connection, SqlDialect dialect) : IAsyncDisposable
{
    private readonly Dictionary<string, WriterStatement> _statements = new(StringComparer.Ordinal);
    private DbTransaction? _transaction;

    /// <summary>The writer connection.</summary>
    public DbConnection Connection { get; } = connection;

    /// <summary>The batch transaction the current operation runs in.</summary>
    public DbTransaction Transaction
    {
        get => _transaction ?? throw new InvalidOperationException("No write transaction is running.");
        set => _transaction = value;
    }

    /// <summary>
    /// The cached statement for <paramref name="sql"/> (one SQL statement), enlisted in the current transaction. Its
    /// parameters keep the values of its previous use: the caller sets every parameter the SQL text uses.
    /// </summary>
    public WriterStatement Statement(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            statement = Connection is SqliteConnection sqlite
                ? new SqliteWriterStatement(sqlite, sql)
                : new CommandWriterStatement(Connection.CreateCommand(), sql, dialect);
            _statements.Add(sql, statement);
        }
        statement.Enlist(Transaction);
        return statement;
    }

    /// <summary>Disposes the cached statements, then the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var statement in _statements.Values)
            statement.Dispose();
        _statements.Clear();
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A prepared statement of the writer whose parameters are set by name (with their <c>@</c>) before each run.</summary>
internal abstract class WriterStatement : IDisposable
{
    /// <summary>Makes the next run part of <paramref name="transaction"/>.</summary>
    public abstract void Enlist(DbTransaction transaction);

    /// <summary>Sets a text parameter.</summary>
    public abstract void Set(string name, string value);

    /// <summary>Sets an integer parameter.</summary>
    public abstract void Set(string name, long value);

    /// <summary>Sets a JSON parameter (jsonb on PostgreSQL, TEXT on SQLite).</summary>
    public abstract void SetJson(string name, string json);

    /// <summary>Runs the statement; returns the number of rows it changed.</summary>
    public abstract ValueTask<int> ExecuteAsync();

    /// <summary>Runs the statement; returns the first column of its first row (null when it returned none).</summary>
    public abstract ValueTask<object?> ExecuteScalarAsync();

    /// <inheritdoc />
    public abstract void Dispose();
}

/// <summary>
/// SQLite through SQLitePCL directly: the statement is prepared once, parameters are bound by cached index, and a run
/// is step + reset. This skips what Microsoft.Data.Sqlite does on every execution (a data reader, binding each
/// parameter by name under several prefixes, a UTF-8 copy of each name). It runs on the connection's handle, so it is
/// part of whatever transaction the connection has open; errors surface as <see cref="SqliteException"/>.
/// </summary>
internal sealed class SqliteWriterStatement : WriterStatement
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

    public SqliteWriterStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
        _statement = statement!;
    }

    public override void Enlist(DbTransaction transaction)
    {
        // The handle's own transaction (BEGIN IMMEDIATE by the writer) covers every statement run on it.
    }

    public override void Set(string name, string value)
    {
        if (Index(name) is > 0 and var index)
            Check(raw.sqlite3_bind_text(_statement, index, value));
    }

    public override void Set(string name, long value)
    {
        if (Index(name) is > 0 and var index)
            Check(raw.sqlite3_bind_int64(_statement, index, value));
    }

    public override void SetJson(string name, string json) => Set(name, json);

    public override ValueTask<int> ExecuteAsync()
    {
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
            }
            if (rc != raw.SQLITE_DONE)
                SqliteException.ThrowExceptionForRC(rc, _db);
            return new ValueTask<int>(raw.sqlite3_changes(_db));
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public override ValueTask<object?> ExecuteScalarAsync()
    {
        try
        {
            object? result = null;
            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW)
            {
                result = raw.sqlite3_column_type(_statement, 0) switch
                {
                    raw.SQLITE_INTEGER => raw.sqlite3_column_int64(_statement, 0),
                    raw.SQLITE_NULL => null,
                    _ => raw.sqlite3_column_text(_statement, 0).utf8_to_string(),
                };
                while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
                {
                }
            }
            if (rc != raw.SQLITE_DONE)
                SqliteException.ThrowExceptionForRC(rc, _db);
            return new ValueTask<object?>(result);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public override void Dispose() => _statement.Dispose();

    // 0 for a name the statement does not use: setting it does nothing, as with a command's unused parameters.
    private int Index(string name)
    {
        if (!_indexes.TryGetValue(name, out var index))
        {
            index = raw.sqlite3_bind_parameter_index(_statement, name);
            _indexes.Add(name, index);
        }
        return index;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, _db);
    }
}

/// <summary>Any other provider: a cached <see cref="DbCommand"/> whose parameter objects are reused.</summary>
internal sealed class CommandWriterStatement : WriterStatement
{
    private readonly DbCommand _command;
    private readonly SqlDialect _dialect;

    public CommandWriterStatement(DbCommand command, string sql, SqlDialect dialect)
    {
        _command = command;
        _command.CommandText = sql;
        _dialect = dialect;
    }

    public override void Enlist(DbTransaction transaction) => _command.Transaction = transaction;

    public override void Set(string name, string value) => SetValue(name, value);

    public override void Set(string name, long value) => SetValue(name, value);

    public override void SetJson(string name, string json) => _dialect.SetJson(_command, name, json);

    public override async ValueTask<int> ExecuteAsync() => await _command.ExecuteNonQueryAsync().ConfigureAwait(false);

    public override async ValueTask<object?> ExecuteScalarAsync()
    {
        var value = await _command.ExecuteScalarAsync().ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public override void Dispose() => _command.Dispose();

    private void SetValue(string name, object value)
    {
        var parameters = _command.Parameters;
        var index = parameters.IndexOf(name);
        if (index >= 0)
        {
            parameters[index].Value = value;
            return;
        }
        var parameter = _command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        parameters.Add(parameter);
    }
}
