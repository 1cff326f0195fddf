namespace CircuitBreaker.Runtime.AdoNet.Tests;

/// <summary>A storage for one test: a fresh temp directory on SQLite, a unique service id on the shared PostgreSQL.</summary>
public sealed class TestStorage : IAsyncDisposable
{
    private TestStorage(AdoNetGrainStorage storage, StorageProvider provider, string location, string? directory)
    {
        Storage = storage;
        Provider = provider;
        Location = location;
        Directory = directory;
    }

    /// <summary>The storage under test.</summary>
    public AdoNetGrainStorage Storage { get; }

    /// <summary>Its dialect.</summary>
    public StorageProvider Provider { get; }

    /// <summary>The data directory (SQLite) or connection string (PostgreSQL).</summary>
    public string Location { get; }

    private string? Directory { get; }

    /// <summary>Creates and migrates a storage of <paramref name="provider"/>.</summary>
    public static async Task<TestStorage> CreateAsync(StorageProvider provider)
    {
        var serviceId = "test-" + Guid.NewGuid().ToString("N");
        if (provider == StorageProvider.Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), "cb-adonet-tests", Guid.NewGuid().ToString("N"));
            return new TestStorage(await AdoNetStorage.CreateAsync(provider, directory, serviceId), provider, directory, directory);
        }
        var connectionString = PostgreSqlTestDatabase.RequireConnectionString();
        return new TestStorage(await AdoNetStorage.CreateAsync(provider, connectionString, serviceId), provider, connectionString, null);
    }

    /// <summary>Opens a second storage instance on the same database and service id.</summary>
    public Task<AdoNetGrainStorage> OpenAnotherAsync() => AdoNetStorage.CreateAsync(Provider, Location, Storage.ServiceId);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Storage.DisposeAsync();
        if (Directory is not null)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the OS is left for the temp cleaner.
            }
        }
    }
}
