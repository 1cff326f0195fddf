using Orleans;
using Microsoft.Extensions.DependencyInjection;

namespace CircuitBreaker.Grains.Tests.Resilience;

/// <summary>A silo with the product grains on real storage and an optional injected clock; restartable on the same data.</summary>
public sealed class ResilienceSilo : IAsyncDisposable
{
    private readonly TestStorage _storage;
    private readonly TimeProvider? _clock;
    private readonly List<IAsyncDisposable> _reopened = [];

    private ResilienceSilo(TestStorage storage, TimeProvider? clock, EmbeddedSilo host)
    {
        _storage = storage;
        _clock = clock;
        Host = host;
    }

    /// <summary>The running silo.</summary>
    public EmbeddedSilo Host { get; private set; }

    /// <summary>Grain references of the running silo.</summary>
    public IGrainFactory Grains => Host.GrainFactory;

    /// <summary>Starts a silo on fresh storage; grains read time from <paramref name="clock"/> when given.</summary>
    public static async Task<ResilienceSilo> StartAsync(StorageProvider provider, TimeProvider? clock = null)
    {
        var storage = await TestStorage.CreateAsync(provider);
        return new ResilienceSilo(storage, clock, await StartHostAsync(storage.Storage, clock));
    }

    /// <summary>Stops the silo gracefully and starts a new one on the same database.</summary>
    public async Task RestartAsync()
    {
        await Host.DisposeAsync();
        var reopened = await _storage.OpenAnotherAsync();
        _reopened.Add(reopened);
        Host = await StartHostAsync(reopened, _clock);
    }

    private static Task<EmbeddedSilo> StartHostAsync(AdoNetStateStore storage, TimeProvider? clock) =>
        EmbeddedSilo.StartAsync(storage, services => { if (clock is not null) services.AddSingleton(clock); });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        foreach (var r in _reopened) await r.DisposeAsync();
        await _storage.DisposeAsync();
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
