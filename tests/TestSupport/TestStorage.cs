using CircuitBreaker.Storage;

namespace CircuitBreaker.TestSupport;

/// <summary>A storage for one test: a fresh temp directory on SQLite, a unique service id on the shared PostgreSQL.</summary>
public sealed class TestStorage : IAsyncDisposable
{
    private readonly string? _directory;

    private TestStorage(AdoNetStateStore storage, StorageProvider provider, string location, string? directory)
    {
        Storage = storage;
        Provider = provider;
        Location = location;
        _directory = directory;
    }

    /// <summary>The storage under test.</summary>
    public AdoNetStateStore Storage { get; }

    /// <summary>Its dialect.</summary>
    public StorageProvider Provider { get; }

    /// <summary>The data directory (SQLite) or connection string (PostgreSQL).</summary>
    public string Location { get; }

    /// <summary>Creates and migrates a storage of <paramref name="provider"/>.</summary>
    public static async Task<TestStorage> CreateAsync(StorageProvider provider)
    {
        var serviceId = "test-" + Guid.NewGuid().ToString("N");
        if (provider == StorageProvider.Sqlite)
        {
            var directory = TempDirectory.Create("cb-adonet-tests");
            return new TestStorage(await AdoNetStorage.CreateAsync(provider, directory, serviceId), provider, directory, directory);
        }
        var connectionString = PostgreSqlTestDatabase.RequireConnectionString();
        return new TestStorage(await AdoNetStorage.CreateAsync(provider, connectionString, serviceId), provider, connectionString, null);
    }

    /// <summary>Opens a second storage instance on the same database and service id (e.g. for a restarted silo).</summary>
    public Task<AdoNetStateStore> OpenAnotherAsync() => AdoNetStorage.CreateAsync(Provider, Location, Storage.ServiceId);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Storage.DisposeAsync();
        if (_directory is not null) TempDirectory.TryDelete(_directory);
    }
}
