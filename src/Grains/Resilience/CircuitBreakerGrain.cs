using CircuitBreaker.Resilience;
using CircuitBreaker.Resilience.Breaker;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Metadata;
using CircuitBreaker.Storage;

namespace CircuitBreaker.Grains.Resilience;

/// <summary>
/// <see cref="ICircuitBreakerGrain"/> over <see cref="CircuitBreakerStateMachine"/>. Transitions, configuration and
/// admin changes are persisted before the call answers; plain outcomes only mark the metrics dirty and a timer
/// writes them at most every <see cref="MetricsFlushInterval"/> (and on deactivation), so the hot path never waits
/// on storage. Time-driven transitions run from a grain timer and, across restarts, a reminder.
/// </summary>
[GrainType(BreakerDirectory.GrainType)]
public sealed class CircuitBreakerGrain(
    [PersistentState(BreakerDirectory.StateName)] IPersistentState<CircuitBreakerGrainState> state,
    IServiceProvider services) : Grain, ICircuitBreakerGrain, IRemindable
{
    /// <summary>Longest time metrics changed by outcomes stay unwritten.</summary>
    public static readonly TimeSpan MetricsFlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>Name of the reminder that wakes the breaker for a time-driven transition after a restart.</summary>
    public const string TransitionReminder = "breaker-transition";

    /// <summary>
    /// Period of the transition reminder (it is removed once nothing is due). Orleans skips a tick that fell due while
    /// no silo ran, so after a crash the breaker wakes at the next period: short, so an OPEN breaker turns HALF_OPEN
    /// within seconds of a restart.
    /// </summary>
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan MinimumTimerDue = TimeSpan.FromMilliseconds(5);

    private readonly TimeProvider _clock = services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
    private CircuitBreakerStateMachine _machine = null!;
    private bool _dirty;
    private IDisposable? _transitionTimer;
    private DateTimeOffset? _scheduledFor;
    private bool _reminderRegistered;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _machine = state.State.Machine is { } dto
            ? CircuitBreakerStateMachine.Restore(dto)
            : new CircuitBreakerStateMachine(new CircuitBreakerConfig { AutomaticTransitionFromOpenToHalfOpenEnabled = true });
        _reminderRegistered = state.State.Machine?.State is CircuitBreakerState.OPEN or CircuitBreakerState.HALF_OPEN;
        this.RegisterGrainTimer(FlushMetrics, MetricsFlushInterval, MetricsFlushInterval);
        // Catch up on a transition that fell due while no activation existed.
        await Apply(_machine.Tick(_clock.GetUtcNow()), persist: true);
        await Schedule();
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty) await Persist();
    }

    /// <inheritdoc />
    public async Task<BreakerView> Configure(BreakerSettings settings)
    {
        var config = BreakerMapping.ToConfig(settings);
        var now = _clock.GetUtcNow();
        Guard(() => _machine.Reconfigure(config, now));
        await Persist();
        await Schedule();
        return BreakerMapping.ToView(this.GetPrimaryKeyString(), _machine, now);
    }

    /// <inheritdoc />
    public async Task<BreakerPermit> TryAcquire()
    {
        var result = _machine.TryAcquire(_clock.GetUtcNow());
        if (result.Transitions.Count > 0) await Apply(result.Transitions, persist: true);
        else if (!result.Permitted || result.State == CircuitBreakerState.HALF_OPEN) _dirty = true;
        long? retryAfter = result.RetryAfter is { } r ? (long)Math.Ceiling(r.TotalMilliseconds) : null;
        return new BreakerPermit(result.Permitted, result.State.ToString(), retryAfter);
    }

    /// <inheritdoc />
    public async Task Record(BreakerOutcome outcome, double durationMs)
    {
        if (double.IsNaN(durationMs) || double.IsInfinity(durationMs) || durationMs < 0 || durationMs > TimeSpan.MaxValue.TotalMilliseconds / 2)
            throw new ResilienceException("BREAKER_DURATION_NEGATIVE", $"durationMs must be a finite number ≥ 0, got {durationMs}.");
        var transitions = Guard(() => _machine.OnResult(BreakerMapping.ToOutcome(outcome), TimeSpan.FromMilliseconds(durationMs), _clock.GetUtcNow()));
        if (transitions.Count > 0) await Apply(transitions, persist: true);
        else _dirty = true;
    }

    /// <inheritdoc />
    public Task<BreakerView> GetState() => Task.FromResult(BreakerMapping.ToView(this.GetPrimaryKeyString(), _machine, _clock.GetUtcNow()));

    /// <inheritdoc />
    public Task<BreakerView> ForceOpen() => Admin(m => m.ForceOpen);

    /// <inheritdoc />
    public Task<BreakerView> Close() => Admin(m => m.Close);

    /// <inheritdoc />
    public Task<BreakerView> Reset() => Admin(m => m.Reset);

    /// <inheritdoc />
    public Task<BreakerView> Disable() => Admin(m => m.Disable);

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != TransitionReminder) return;
        await Apply(_machine.Tick(_clock.GetUtcNow()), persist: true);
        await Schedule();
    }

    private async Task<BreakerView> Admin(Func<CircuitBreakerStateMachine, Func<DateTimeOffset, IReadOnlyList<BreakerTransition>>> operation)
    {
        var now = _clock.GetUtcNow();
        var transitions = operation(_machine)(now);
        await Apply(transitions, persist: false);
        // Persisted even without a transition: Reset clears metrics in place.
        await Persist();
        await Schedule();
        return BreakerMapping.ToView(this.GetPrimaryKeyString(), _machine, now);
    }

    private async Task Apply(IReadOnlyList<BreakerTransition> transitions, bool persist)
    {
        if (transitions.Count == 0) return;
        if (persist) await Persist();
        BreakerMetrics.Record(this.GetPrimaryKeyString(), transitions);
        var stream = this.GetStreamProvider(GrainStreams.ProviderName).GetStream<BreakerStateChanged>(ResilienceStreams.Breaker, this.GetPrimaryKeyString());
        foreach (var t in transitions) await stream.OnNextAsync(BreakerMapping.ToEvent(this.GetPrimaryKeyString(), t));
        if (persist) await Schedule();
    }

    /// <summary>
    /// Writes the machine; the storage index entry (status = state name, listed by <see cref="BreakerDirectory"/>) is
    /// written in the same transaction only when the state differs from the one last indexed, so metric flushes stay
    /// plain row writes.
    /// </summary>
    private async Task Persist()
    {
        var previous = state.State;
        var createdAt = previous.CreatedAt ?? _clock.GetUtcNow();
        var current = _machine.State.ToString();
        var index = previous.IndexedState == current && previous.CreatedAt is not null
            ? null
            : new IndexEntry("", current, [], createdAt);
        state.State = new CircuitBreakerGrainState { Machine = _machine.ToDto(), CreatedAt = createdAt, IndexedState = current };
        try
        {
            await state.WriteStateAsync([], index);
        }
        catch
        {
            // Not stored: the next write must still carry the index entry.
            state.State = new CircuitBreakerGrainState { Machine = state.State.Machine, CreatedAt = previous.CreatedAt, IndexedState = previous.IndexedState };
            throw;
        }
        _dirty = false;
    }

    private Task FlushMetrics(CancellationToken cancellationToken) => _dirty ? Persist() : Task.CompletedTask;

    /// <summary>Points the timer (this activation) and the reminder (any later one) at the next time-driven transition.</summary>
    private async Task Schedule()
    {
        var next = _machine.NextTransitionAt;
        if (next != _scheduledFor)
        {
            _transitionTimer?.Dispose();
            _transitionTimer = null;
            _scheduledFor = next;
            if (next is { } at)
            {
                var due = at - _clock.GetUtcNow();
                // At least a few ms, so a clock that lags the timer cannot make it spin.
                _transitionTimer = this.RegisterGrainTimer(OnTransitionDue, due > MinimumTimerDue ? due : MinimumTimerDue, Timeout.InfiniteTimeSpan);
            }
        }

        if (next is { } when)
        {
            var due = when - _clock.GetUtcNow();
            await this.RegisterOrUpdateReminder(TransitionReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, ReminderPeriod);
            _reminderRegistered = true;
        }
        else if (_reminderRegistered)
        {
            if (await this.GetReminder(TransitionReminder) is { } reminder)
                await this.UnregisterReminder(reminder);
            _reminderRegistered = false;
        }
    }

    private async Task OnTransitionDue(CancellationToken cancellationToken)
    {
        _scheduledFor = null;
        _transitionTimer = null;
        var transitions = _machine.Tick(_clock.GetUtcNow());
        if (transitions.Count > 0) await Apply(transitions, persist: true);
        else await Schedule();
    }

    private static T Guard<T>(Func<T> action)
    {
        try { return action(); }
        catch (ResilienceConfigException ex) { throw new ResilienceException(ex.Code, ex.Message); }
        catch (ResilienceArgumentException ex) { throw new ResilienceException(ex.Code, ex.Message); }
    }

    private static void Guard(Action action) => Guard(() => { action(); return 0; });
}
