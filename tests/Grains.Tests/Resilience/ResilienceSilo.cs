using Orleans;
using Microsoft.Extensions.DependencyInjection;

namespace CircuitBreaker.Grains.Tests.Resilience;

/// <summary>A silo with the product grains on real storage and an optional injected clock; restartable on the same data.</summary>
public sealed class ResilienceSilo : IAsyncDisposable
{
    private readonly TestStorage _storage;
    private readonly TimeProvider? _clock;
    private readonly bool _orleansDocuments;
    private readonly List<IAsyncDisposable> _reopened = [];

    private ResilienceSilo(TestStorage storage, TimeProvider? clock, bool orleansDocuments, EmbeddedSilo host)
    {
        _storage = storage;
        _clock = clock;
        _orleansDocuments = orleansDocuments;
        Host = host;
    }

    /// <summary>The running silo.</summary>
    public EmbeddedSilo Host { get; private set; }

    /// <summary>Grain references of the running silo.</summary>
    public IGrainFactory Grains => Host.GrainFactory;

    /// <summary>
    /// Starts a silo on fresh storage; grains read time from <paramref name="clock"/> when given. With
    /// <paramref name="orleansDocuments"/> (PostgreSQL), budgets and cost records live in Microsoft.Orleans.Persistence.AdoNet.
    /// </summary>
    public static async Task<ResilienceSilo> StartAsync(StorageProvider provider, TimeProvider? clock = null, bool orleansDocuments = false)
    {
        var storage = await TestStorage.CreateAsync(provider);
        return new ResilienceSilo(storage, clock, orleansDocuments, await StartHostAsync(storage, storage.Storage, clock, orleansDocuments));
    }

    /// <summary>Stops the silo gracefully and starts a new one on the same database.</summary>
    public async Task RestartAsync()
    {
        await Host.DisposeAsync();
        var reopened = await _storage.OpenAnotherAsync();
        _reopened.Add(reopened);
        Host = await StartHostAsync(_storage, reopened, _clock, _orleansDocuments);
    }

    private static Task<EmbeddedSilo> StartHostAsync(TestStorage test, AdoNetStateStore storage, TimeProvider? clock, bool orleansDocuments) =>
        EmbeddedSilo.StartAsync(storage, services => { if (clock is not null) services.AddSingleton(clock); },
            silo => { if (orleansDocuments) silo.UseOrleansAdoNetDocuments(test.Location); });

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
