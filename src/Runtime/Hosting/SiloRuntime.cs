using CircuitBreaker.Runtime.Storage;
using CircuitBreaker.Runtime.Streams;
using Microsoft.Extensions.Logging;

namespace CircuitBreaker.Runtime;

/// <summary>
/// One silo: the activation directory, the local dispatcher, reminders and idle collection.
/// Started and stopped by <see cref="SiloHostedService"/> or <see cref="SiloHost"/>.
/// </summary>
public sealed class SiloRuntime
{
    private const int Stopped = 0, Running = 1, Stopping = 2;
    private int _status;
    private Timer? _collector;

    internal SiloRuntime(IServiceProvider services, SiloOptions options, GrainTypeCatalog catalog, IGrainStorage storage,
        IReminderTable reminderTable, IStreamProvider streamProvider, IEnumerable<IIncomingGrainCallFilter> filters, ILogger<SiloRuntime> logger)
    {
        Services = services;
        Options = options;
        Catalog = catalog;
        Storage = storage;
        StreamProvider = streamProvider;
        Filters = filters.ToArray();
        Logger = logger;
        Dispatcher = new LocalGrainCallDispatcher(this);
        GrainFactory = new GrainFactory(catalog, Dispatcher, options);
        Reminders = new ReminderService(this, reminderTable);
    }

    /// <summary>The silo's options.</summary>
    public SiloOptions Options { get; }
    /// <summary>The discovered grain classes.</summary>
    public GrainTypeCatalog Catalog { get; }
    /// <summary>Grain references of this silo.</summary>
    public IGrainFactory GrainFactory { get; }
    /// <summary>The dispatcher grain references send calls through.</summary>
    public IGrainCallDispatcher Dispatcher { get; }
    /// <summary>The stream provider.</summary>
    public IStreamProvider StreamProvider { get; }
    /// <summary>Number of live activations.</summary>
    public int ActivationCount => Directory.Count;
    /// <summary>True between start and the beginning of stop.</summary>
    public bool IsRunning => Volatile.Read(ref _status) == Running;

    internal IServiceProvider Services { get; }
    internal IGrainStorage Storage { get; }
    internal IIncomingGrainCallFilter[] Filters { get; }
    internal ILogger Logger { get; }
    internal ActivationDirectory Directory { get; } = new();
    internal ReminderService Reminders { get; }

    /// <summary>Starts the silo: loads reminders and starts idle collection.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _status, Running, Stopped) != Stopped)
            throw new GrainRuntimeException(GrainErrorCodes.SiloNotRunning, "The silo was already started.");
        await Reminders.StartAsync(cancellationToken).ConfigureAwait(false);
        _collector = new Timer(static s => ((SiloRuntime)s!).CollectIdle(), this, Options.CollectionScanInterval, Options.CollectionScanInterval);
        Logger.LogInformation("Silo of service {ServiceId} started with {Count} grain classes", Options.ServiceId, Catalog.Classes.Count());
    }

    /// <summary>
    /// Stops the silo: no new activations, reminders stop, every activation finishes its queued and running
    /// turns, runs OnDeactivateAsync and goes away; returns after all are gone (or when <paramref name="cancellationToken"/> fires).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _status, Stopping, Running) != Running) return;
        Reminders.Stop();
        if (_collector is not null) await _collector.DisposeAsync().ConfigureAwait(false);
        var all = Directory.All.ToList();
        foreach (var activation in all) activation.RequestDeactivation(DeactivationReason.ShuttingDown, drain: true);
        await Task.WhenAll(all.Select(a => a.WhenDeactivated())).WaitAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _status, Stopped);
        Logger.LogInformation("Silo of service {ServiceId} stopped", Options.ServiceId);
    }

    private void CollectIdle()
    {
        var now = Environment.TickCount64;
        foreach (var activation in Directory.All)
            activation.TryCollectIdle(now, activation.Class.CollectionAge ?? Options.DefaultCollectionAge);
    }
}
