using System.Data.Common;

namespace CircuitBreaker.Runtime.AdoNet;

/// <summary>
/// The group-commit writer's connection, the batch transaction it is running, and its commands cached by SQL text.
/// A cached command keeps its prepared statements (Microsoft.Data.Sqlite prepares every new command anew; the cache
/// saves parsing and planning the same few statements on every write) and its parameter objects, so a write only
/// rebinds values. Used by the single writer loop only, one operation at a time; dropped with the connection.
/// </summary>
internal sealed class WriterSession(DbConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
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
    /// The cached command for <paramref name="sql"/>, enlisted in the current transaction. Its parameters keep the
    /// values of its previous use: the caller sets every parameter the SQL text uses (with <see cref="Set"/>).
    /// </summary>
    public DbCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }
        command.Transaction = Transaction;
        return command;
    }

    /// <summary>Sets a parameter's value, adding the parameter on the command's first use.</summary>
    public static void Set(DbCommand command, string name, object value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index >= 0)
        {
            parameters[index].Value = value;
            return;
        }
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        parameters.Add(parameter);
    }

    /// <summary>Disposes the cached commands and the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
            await command.DisposeAsync().ConfigureAwait(false);
        _commands.Clear();
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
