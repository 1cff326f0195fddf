namespace CircuitBreaker.Storage;

/// <summary>Which database an <see cref="AdoNetStateStore"/> talks to.</summary>
public enum StorageProvider
{
    /// <summary>Embedded SQLite: one file in WAL mode (the default).</summary>
    Sqlite,

    /// <summary>PostgreSQL through Npgsql.</summary>
    PostgreSql,
}

/// <summary>Options of the embedded SQLite storage.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>Directory holding the database file; created when missing. Default <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Database file name inside <see cref="DataDirectory"/>. Default <c>circuit-breaker.db</c>.</summary>
    public string FileName { get; set; } = "circuit-breaker.db";

    /// <summary>Service id that scopes every row, so several services can share one database. Default <c>circuit-breaker</c>.</summary>
    public string ServiceId { get; set; } = AdoNetStorage.DefaultServiceId;

    /// <summary>Most writes committed in one transaction by the group-commit writer. Default 1000.</summary>
    public int MaxBatchSize { get; set; } = 1000;
}

/// <summary>Options of the PostgreSQL storage.</summary>
public sealed class PostgreSqlStorageOptions
{
    /// <summary>Npgsql connection string (required).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Most pooled connections this store opens (the writer's one included), unless the connection string sets
    /// <c>Maximum Pool Size</c> itself. Default 12, so three silos and two gateways stay well under a default
    /// PostgreSQL's <c>max_connections</c> of 100 (docs/CLUSTER.md).
    /// </summary>
    public int MaxPoolSize { get; set; } = DefaultMaxPoolSize;

    /// <summary>The default of <see cref="MaxPoolSize"/>.</summary>
    public const int DefaultMaxPoolSize = 12;

    /// <summary>Service id that scopes every row, so several services can share one database. Default <c>circuit-breaker</c>.</summary>
    public string ServiceId { get; set; } = AdoNetStorage.DefaultServiceId;

    /// <summary>Most writes committed in one transaction by the group-commit writer. Default 1000.</summary>
    public int MaxBatchSize { get; set; } = 1000;
}

/// <summary>Helpers for Npgsql connection strings.</summary>
public static class PostgreSqlConnectionStrings
{
    /// <summary>
    /// <paramref name="connectionString"/> with <c>Maximum Pool Size</c> set to <paramref name="maxPoolSize"/>,
    /// unless the string already sets it (an operator's explicit value wins).
    /// </summary>
    public static string WithPoolSize(string connectionString, int maxPoolSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoolSize, 1);
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (var key in new[] { "Maximum Pool Size", "Max Pool Size", "MaxPoolSize" })
            if (builder.ContainsKey(key)) return connectionString;
        builder["Maximum Pool Size"] = maxPoolSize;
        return builder.ConnectionString;
    }
}
