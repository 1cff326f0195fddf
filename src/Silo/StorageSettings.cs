using CircuitBreaker.Storage;


namespace CircuitBreaker.Silo;

/// <summary>The <c>Storage</c> configuration section of a silo host.</summary>
public sealed class StorageSettings
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary><c>Sqlite</c> (default: one file, WAL) or <c>PostgreSql</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Npgsql connection string; required when <see cref="Provider"/> is <c>PostgreSql</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder of the SQLite file, relative to the working directory. Default <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Separates deployments sharing one database. Default <c>circuit-breaker</c>.</summary>
    public string ServiceId { get; set; } = AdoNetStorage.DefaultServiceId;

    /// <summary>PostgreSQL: most connections of this process's store pool (see docs/CLUSTER.md). Default 12.</summary>
    public int MaxPoolSize { get; set; } = PostgreSqlStorageOptions.DefaultMaxPoolSize;

    /// <summary>PostgreSQL: most connections of the pool Orleans' membership and reminder providers share. Default 4.</summary>
    public int OrleansMaxPoolSize { get; set; } = 4;

    /// <summary>
    /// Where grains whose state is one document (budgets, cost records) are kept: <c>Store</c> (default, the project's
    /// store) or, on PostgreSQL, <c>OrleansAdoNet</c> (Microsoft.Orleans.Persistence.AdoNet, sharing the Orleans pool).
    /// </summary>
    public DocumentStorageKind Documents { get; set; } = DocumentStorageKind.Store;

    /// <summary>The connection string Orleans' ADO.NET clustering and reminders use: ours with its own pool size.</summary>
    public string OrleansConnectionString() => PostgreSqlConnectionStrings.WithPoolSize(RequireConnectionString(), OrleansMaxPoolSize);

    /// <summary>Where the storage is, for messages: the SQLite folder, or the connection string without its password.</summary>
    public string DescribeLocation()
    {
        if (Provider == StorageProvider.Sqlite) return Path.GetFullPath(DataDirectory);
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = ConnectionString ?? "" };
        builder.Remove("Password");
        return builder.ConnectionString;
    }

    private string RequireConnectionString() => string.IsNullOrWhiteSpace(ConnectionString)
        ? throw new InvalidOperationException(
            "Storage:Provider is PostgreSql but Storage:ConnectionString is empty; set it (e.g. Storage__ConnectionString='Host=...;Username=...;Password=...;Database=...').")
        : ConnectionString;

    /// <summary>Creates the storage these settings describe, or explains what is missing.</summary>
    public AdoNetStateStore CreateStorage() => Provider switch
    {
        StorageProvider.Sqlite => AdoNetStorage.Create(StorageProvider.Sqlite, DataDirectory, ServiceId),
        StorageProvider.PostgreSql => AdoNetStorage.Create(new PostgreSqlStorageOptions
        {
            ConnectionString = RequireConnectionString(),
            ServiceId = ServiceId,
            MaxPoolSize = MaxPoolSize,
        }),
        _ => throw new InvalidOperationException($"Storage:Provider '{Provider}' is not supported; use Sqlite or PostgreSql."),
    };
}

/// <summary>The choices of <see cref="StorageSettings.Documents"/>.</summary>
public enum DocumentStorageKind
{
    /// <summary>The project's ADO.NET store.</summary>
    Store,
    /// <summary>Microsoft.Orleans.Persistence.AdoNet (PostgreSQL only).</summary>
    OrleansAdoNet,
}
