using CircuitBreaker.Runtime;
using CircuitBreaker.Storage;
using CircuitBreaker.TestSupport;

namespace CircuitBreaker.Grains.Tests;

/// <summary>A silo with the product's grains on a real storage of one dialect; restartable on the same data.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly TestStorage _storage;
    private readonly List<IAsyncDisposable> _reopened = [];

    private TestSilo(TestStorage storage, SiloHost host)
    {
        _storage = storage;
        Host = host;
    }

    /// <summary>The running silo.</summary>
    public SiloHost Host { get; private set; }

    /// <summary>Grain references of the running silo.</summary>
    public IGrainFactory Grains => Host.GrainFactory;

    /// <summary>Starts a silo on a fresh storage of <paramref name="provider"/>.</summary>
    public static async Task<TestSilo> StartAsync(StorageProvider provider, Action<SiloOptions>? options = null)
    {
        var storage = await TestStorage.CreateAsync(provider);
        return new TestSilo(storage, await StartHostAsync(storage.Storage, options));
    }

    /// <summary>Stops the silo gracefully and starts a new one on the same database (a new storage instance too).</summary>
    public async Task RestartAsync(Action<SiloOptions>? options = null)
    {
        await Host.DisposeAsync();
        var reopened = await _storage.OpenAnotherAsync();
        _reopened.Add(reopened);
        Host = await StartHostAsync(reopened, options);
    }

    private static Task<SiloHost> StartHostAsync(AdoNetStateStore storage, Action<SiloOptions>? options) =>
        SiloHost.StartAsync(b =>
        {
            b.AddGrainAssemblyOf<GrainsAssembly>().UseGrainStorage(storage).UseReminderTable(storage);
            if (options is not null) b.Configure(options);
        });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        foreach (var r in _reopened) await r.DisposeAsync();
        await _storage.DisposeAsync();
    }
}
