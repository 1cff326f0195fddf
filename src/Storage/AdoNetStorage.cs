namespace CircuitBreaker.Storage;

/// <summary>Creates ADO.NET grain storages (grain state, logs, index and reminders in one object).</summary>
public static class AdoNetStorage
{
    /// <summary>The service id used when none is given.</summary>
    public const string DefaultServiceId = "circuit-breaker";

    /// <summary>
    /// Creates a storage. For <see cref="StorageProvider.Sqlite"/> <paramref name="connectionStringOrDir"/> is the data
    /// directory; for <see cref="StorageProvider.PostgreSql"/> it is the connection string. The schema is migrated on first use
    /// (or by <see cref="AdoNetStateStore.InitializeAsync"/>).
    /// </summary>
    public static AdoNetStateStore Create(StorageProvider provider, string connectionStringOrDir, string serviceId = DefaultServiceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionStringOrDir);
        return provider switch
        {
            StorageProvider.Sqlite => Create(new SqliteStorageOptions { DataDirectory = connectionStringOrDir, ServiceId = serviceId }),
            StorageProvider.PostgreSql => Create(new PostgreSqlStorageOptions { ConnectionString = connectionStringOrDir, ServiceId = serviceId }),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "STORAGE_PROVIDER: unknown storage provider."),
        };
    }

    /// <summary>Creates an SQLite storage.</summary>
    public static AdoNetStateStore Create(SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AdoNetStateStore(new SqliteDialect(options), options.ServiceId, options.MaxBatchSize);
    }

    /// <summary>Creates a PostgreSQL storage.</summary>
    public static AdoNetStateStore Create(PostgreSqlStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AdoNetStateStore(new PostgreSqlDialect(options), options.ServiceId, options.MaxBatchSize);
    }

    /// <summary>Creates a storage and migrates its schema before returning.</summary>
    public static async Task<AdoNetStateStore> CreateAsync(StorageProvider provider, string connectionStringOrDir, string serviceId = DefaultServiceId, CancellationToken cancellationToken = default)
    {
        var storage = Create(provider, connectionStringOrDir, serviceId);
        try
        {
            await storage.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return storage;
        }
        catch
        {
            await storage.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
