using Orleans;
using CircuitBreaker.Storage;
using CircuitBreaker.TestSupport;

namespace CircuitBreaker.Grains.Tests;

/// <summary>A silo with the product's grains on a real storage of one dialect; restartable on the same data.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly TestStorage _storage;
    private readonly List<IAsyncDisposable> _reopened = [];

    private TestSilo(TestStorage storage, EmbeddedSilo host)
    {
        _storage = storage;
        Host = host;
    }

    /// <summary>The running silo.</summary>
    public EmbeddedSilo Host { get; private set; }

    /// <summary>Grain references of the running silo.</summary>
    public IGrainFactory Grains => Host.GrainFactory;

    /// <summary>Starts a silo on a fresh storage of <paramref name="provider"/>.</summary>
    public static async Task<TestSilo> StartAsync(StorageProvider provider)
    {
        var storage = await TestStorage.CreateAsync(provider);
        return new TestSilo(storage, await StartHostAsync(storage.Storage));
    }

    /// <summary>Stops the silo gracefully and starts a new one on the same database (a new storage instance too).</summary>
    public async Task RestartAsync()
    {
        await Host.DisposeAsync();
        var reopened = await _storage.OpenAnotherAsync();
        _reopened.Add(reopened);
        Host = await StartHostAsync(reopened);
    }

    private static Task<EmbeddedSilo> StartHostAsync(AdoNetStateStore storage) => EmbeddedSilo.StartAsync(storage);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        foreach (var r in _reopened) await r.DisposeAsync();
        await _storage.DisposeAsync();
    }
}
