using CircuitBreaker.Runtime.Streams;

namespace CircuitBreaker.Runtime;

/// <summary>
/// Base class of grain implementations. Constructor parameters are resolved from DI, and
/// <c>[PersistentState("name")] IPersistentState&lt;T&gt;</c> parameters get their state (read before <see cref="OnActivateAsync"/>).
/// </summary>
public abstract class Grain
{
    [ThreadStatic] internal static GrainActivation? Constructing;

    private readonly GrainActivation? _activation;

    /// <summary>Binds the grain to the activation being created by the runtime.</summary>
    protected Grain() => _activation = Constructing;

    private GrainActivation Activation => _activation
        ?? throw new InvalidOperationException("This grain was not created by the runtime; runtime services are unavailable.");

    /// <summary>Gets references to other grains.</summary>
    protected IGrainFactory GrainFactory => Activation.Silo.GrainFactory;

    /// <summary>The silo's service provider.</summary>
    protected IServiceProvider ServiceProvider => Activation.Silo.Services;

    /// <summary>The grain's key.</summary>
    public string GetPrimaryKeyString() => Activation.Id.Key;

    /// <summary>The grain's id (stable type name + key).</summary>
    public GrainId GetGrainId() => Activation.Id;

    /// <summary>Called after state was read and before the first call runs.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called when the activation goes away (idle, requested, stale state or silo stop) after its last turn.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Registers a timer whose ticks run as turns of this activation, never overlapping; the next tick is due
    /// <paramref name="period"/> after the previous one completed (<see cref="Timeout.InfiniteTimeSpan"/> = once).
    /// Dispose the result to stop it; it also stops when the activation goes away.
    /// </summary>
    protected IDisposable RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Activation.RegisterTimer(callback, dueTime, period);

    /// <inheritdoc cref="RegisterGrainTimer(Func{CancellationToken, Task}, TimeSpan, TimeSpan)"/>
    protected IDisposable RegisterGrainTimer(Func<Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Activation.RegisterTimer(_ => callback(), dueTime, period);

    /// <summary>
    /// Registers or replaces a durable reminder: first due after <paramref name="dueTime"/>, then every
    /// <paramref name="period"/> (at least <see cref="SiloOptions.ReminderMinimumPeriod"/>). The grain must implement <see cref="IRemindable"/>.
    /// </summary>
    protected Task RegisterOrUpdateReminder(string name, TimeSpan dueTime, TimeSpan period) =>
        Activation.Silo.Reminders.RegisterOrUpdateAsync(Activation.Id, Activation.Class, name, dueTime, period);

    /// <summary>Removes a durable reminder; false when it did not exist.</summary>
    protected Task<bool> UnregisterReminder(string name) => Activation.Silo.Reminders.UnregisterAsync(Activation.Id, name);

    /// <summary>Deactivates this activation once the current call completes; later calls go to a new activation.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation(DeactivationReason.Requested);

    /// <summary>The silo's stream provider; subscriptions made through it deliver as turns of this activation and end with it.</summary>
    protected IStreamProvider GetStreamProvider() => new GrainBoundStreamProvider(Activation.Silo.StreamProvider, Activation);
}
