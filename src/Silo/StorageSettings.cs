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

    /// <summary>Where the storage is, for messages: the SQLite folder, or the connection string without its password.</summary>
    public string DescribeLocation()
    {
        if (Provider == StorageProvider.Sqlite) return Path.GetFullPath(DataDirectory);
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = ConnectionString ?? "" };
        builder.Remove("Password");
        return builder.ConnectionString;
    }

    /// <summary>Creates the storage these settings describe, or explains what is missing.</summary>
    public AdoNetStateStore CreateStorage() => Provider switch
    {
        StorageProvider.Sqlite => AdoNetStorage.Create(StorageProvider.Sqlite, DataDirectory, ServiceId),
        StorageProvider.PostgreSql when string.IsNullOrWhiteSpace(ConnectionString) => throw new InvalidOperationException(
            "Storage:Provider is PostgreSql but Storage:ConnectionString is empty; set it (e.g. Storage__ConnectionString='Host=...;Username=...;Password=...;Database=...')."),
        StorageProvider.PostgreSql => AdoNetStorage.Create(StorageProvider.PostgreSql, ConnectionString!, ServiceId),
        _ => throw new InvalidOperationException($"Storage:Provider '{Provider}' is not supported; use Sqlite or PostgreSql."),
    };
}
