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

    /// <summary>Service id that scopes every row, so several services can share one database. Default <c>circuit-breaker</c>.</summary>
    public string ServiceId { get; set; } = AdoNetStorage.DefaultServiceId;

    /// <summary>Most writes committed in one transaction by the group-commit writer. Default 1000.</summary>
    public int MaxBatchSize { get; set; } = 1000;
}
