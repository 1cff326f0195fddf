using CircuitBreaker.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace CircuitBreaker.Runtime;

/// <summary>
/// One activation of a grain and its turn gate: work items queue here and start on the thread pool
/// only when they may (one exclusive turn at a time; read-only turns together; interleaving turns
/// anytime). A turn lasts until the task it returned completes.
/// </summary>
internal sealed class GrainActivation
{
    private enum State : byte { Created, Activating, Valid, Deactivating, Invalid }

    private State _state;
    private Queue<ActivationWorkItem>? _queue;
    private int _running;
    private bool _exclusiveRunning;
    private DeactivationReason? _pendingDeactivation;
    private bool _drainBeforeDeactivation;
    private long _lastActiveTicks;
    private List<GrainTimer>? _timers;
    private List<IAsyncDisposable>? _subscriptions;
    private List<IPersistentStateLoader>? _states;
    private TaskCompletionSource? _deactivated;

    public GrainActivation(SiloRuntime silo, GrainId id, GrainClassInfo grainClass)
    {
        Silo = silo;
        Id = id;
        Class = grainClass;
        _lastActiveTicks = Environment.TickCount64;
        if (grainClass.MayInterleave) _scheduler = new ActivationTaskScheduler();
    }

    private readonly ActivationTaskScheduler? _scheduler;

    public SiloRuntime Silo { get; }
    public GrainId Id { get; }
    public GrainClassInfo Class { get; }
    public object? GrainInstance { get; private set; }

    /// <summary>Queues work; false when the activation is gone (the caller then picks a new one).</summary>
    public bool TryEnqueue(ActivationWorkItem item)
    {
        var activate = false;
        lock (this)
        {
            if (_state == State.Invalid) return false;
            if (_state == State.Created) { _state = State.Activating; activate = true; }
            DropExpiredHead();
            var interleaves = Interleaves(item);
            if (_state == State.Valid && (_pendingDeactivation is null || _drainBeforeDeactivation)
                && (interleaves || _queue is null || _queue.Count == 0) && CanStart(item, interleaves))
            {
                Begin(item, interleaves);
            }
            else
            {
                (_queue ??= new Queue<ActivationWorkItem>()).Enqueue(item);
            }
        }
        if (activate) ThreadPool.UnsafeQueueUserWorkItem(static a => _ = a.ActivateAsync(), this, preferLocal: false);
        return true;
    }

    /// <summary>Runs <paramref name="body"/> as a turn of this activation.</summary>
    public Task RunTurnAsync(Func<Task> body)
    {
        var turn = new DelegateTurn(body);
        if (!TryEnqueue(turn))
            throw new GrainRuntimeException(GrainErrorCodes.ActivationGone, $"Activation of {Id} is gone.");
        return turn.Completion;
    }

    private bool Interleaves(ActivationWorkItem item) => item.AlwaysInterleave || Class.IsReentrant;

    private bool CanStart(ActivationWorkItem item, bool interleaves) =>
        interleaves || (item.IsReadOnly ? !_exclusiveRunning : _running == 0);

    private void Begin(ActivationWorkItem item, bool interleaves)
    {
        _running++;
        if (interleaves) item.Mode = TurnMode.Interleaved;
        else if (item.IsReadOnly) item.Mode = TurnMode.ReadOnly;
        else { item.Mode = TurnMode.Exclusive; _exclusiveRunning = true; }
        if (item.KeepsAlive) _lastActiveTicks = Environment.TickCount64;
        item.Activation = this;
        if (_scheduler is null) ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
        else Task.Factory.StartNew(static s => { var i = (ActivationWorkItem)s!; _ = i.Activation!.ExecuteTurnAsync(i); },
            item, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _scheduler);
    }

    internal async Task ExecuteTurnAsync(ActivationWorkItem item)
    {
        try { await item.RunAsync(this).ConfigureAwait(false); }
        catch (Exception ex) { Silo.Logger.LogError(ex, "Turn of {Grain} failed unexpectedly", Id); }
        OnTurnCompleted(item);
        item.Finish();
    }

    private void OnTurnCompleted(ActivationWorkItem item)
    {
        var deactivate = false;
        lock (this)
        {
            _running--;
            if (item.Mode == TurnMode.Exclusive) _exclusiveRunning = false;
            deactivate = Pump();
        }
        if (deactivate) StartDeactivation();
    }

    /// <summary>Starts whatever queued work may start now; true when deactivation should begin. Caller holds the lock.</summary>
    private bool Pump()
    {
        if (_state != State.Valid) return false;
        // Expired calls go first: left queued, they would keep a draining deactivation waiting on an empty queue forever.
        while (DropExpiredHead()) { }
        if (_pendingDeactivation is not null)
        {
            var queueEmpty = _queue is null || _queue.Count == 0;
            if (_running == 0 && (!_drainBeforeDeactivation || queueEmpty))
            {
                _state = State.Deactivating;
                return true;
            }
            if (!_drainBeforeDeactivation) return false;
        }
        while (_queue is { Count: > 0 })
        {
            if (DropExpiredHead()) continue;
            var next = _queue.Peek();
            var interleaves = Interleaves(next);
            if (!CanStart(next, interleaves)) break;
            _queue.Dequeue();
            Begin(next, interleaves);
        }
        if (_queue is { Count: 0 }) _queue = null;
        return false;
    }

    /// <summary>
    /// Drops a queued call whose caller already gave up (timed out), as Orleans drops expired messages,
    /// so it neither runs late nor blocks the calls behind it. Caller holds the lock.
    /// </summary>
    private bool DropExpiredHead()
    {
        if (_queue is not { Count: > 0 } || _queue.Peek() is not GrainCall { Task.IsCompleted: true }) return false;
        _queue.Dequeue();
        return true;
    }

    /// <summary>Asks for deactivation once running turns end (queued calls then go to a new activation, or run first when <paramref name="drain"/>).</summary>
    public void RequestDeactivation(DeactivationReason reason, bool drain = false)
    {
        var deactivate = false;
        var neverActivated = false;
        lock (this)
        {
            if (_state is State.Deactivating or State.Invalid) return;
            if (_pendingDeactivation is null || reason.Code == DeactivationReasonCode.ShuttingDown)
            {
                _pendingDeactivation = reason;
                _drainBeforeDeactivation = drain;
            }
            if (_state == State.Created)
            {
                _state = State.Invalid;
                neverActivated = true;
                _deactivated?.TrySetResult();
            }
            else deactivate = Pump();
        }
        if (neverActivated) Silo.Directory.Remove(this);
        if (deactivate) StartDeactivation();
    }

    /// <summary>Deactivates when idle for at least <paramref name="age"/>; true when it started.</summary>
    public bool TryCollectIdle(long nowTicks, TimeSpan age)
    {
        lock (this)
        {
            if (_state != State.Valid || _running != 0 || _queue is { Count: > 0 } || _pendingDeactivation is not null) return false;
            if (nowTicks - _lastActiveTicks < (long)age.TotalMilliseconds) return false;
            _pendingDeactivation = DeactivationReason.Idle;
            _state = State.Deactivating;
        }
        StartDeactivation();
        return true;
    }

    /// <summary>Completes when the activation is gone.</summary>
    public Task WhenDeactivated()
    {
        lock (this)
        {
            if (_state == State.Invalid) return Task.CompletedTask;
            return (_deactivated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    private async Task ActivateAsync()
    {
        try
        {
            GrainInstance = Class.CreateInstance(Silo.Services, this);
            if (_states is not null)
                foreach (var state in _states) await state.ReadStateAsync(CancellationToken.None).ConfigureAwait(false);
            if (GrainInstance is Grain grain)
            {
                using var cts = new CancellationTokenSource(Silo.Options.LifecycleTimeout);
                await grain.OnActivateAsync(cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            Silo.Logger.LogWarning(ex, "Activation of {Grain} failed", Id);
            DisposeTimers();
            Queue<ActivationWorkItem>? failed;
            lock (this)
            {
                _state = State.Invalid;
                failed = _queue;
                _queue = null;
                _deactivated?.TrySetResult();
            }
            Silo.Directory.Remove(this);
            if (failed is not null) foreach (var item in failed) item.Reject(ex);
            return;
        }
        bool deactivate;
        lock (this)
        {
            _state = State.Valid;
            _lastActiveTicks = Environment.TickCount64;
            deactivate = Pump();
        }
        if (deactivate) StartDeactivation();
    }

    private void StartDeactivation() =>
        ThreadPool.UnsafeQueueUserWorkItem(static a => _ = a.DeactivateAsync(), this, preferLocal: false);

    private async Task DeactivateAsync()
    {
        var reason = _pendingDeactivation ?? DeactivationReason.Requested;
        DisposeTimers();
        if (GrainInstance is Grain grain)
        {
            try
            {
                using var cts = new CancellationTokenSource(Silo.Options.LifecycleTimeout);
                await grain.OnDeactivateAsync(reason, cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) { Silo.Logger.LogWarning(ex, "OnDeactivateAsync of {Grain} failed", Id); }
        }
        List<IAsyncDisposable>? subscriptions;
        Queue<ActivationWorkItem>? leftovers;
        lock (this)
        {
            subscriptions = _subscriptions;
            _subscriptions = null;
            leftovers = _queue;
            _queue = null;
            _state = State.Invalid;
        }
        if (subscriptions is not null)
            foreach (var s in subscriptions)
            {
                try { await s.DisposeAsync().ConfigureAwait(false); }
                catch (Exception ex) { Silo.Logger.LogWarning(ex, "Disposing a stream subscription of {Grain} failed", Id); }
            }
        Silo.Directory.Remove(this);
        lock (this) _deactivated?.TrySetResult();
        if (leftovers is null) return;
        foreach (var item in leftovers)
        {
            if (item is GrainCall call) Silo.Dispatcher.Dispatch(call);
            else item.Reject(new GrainRuntimeException(GrainErrorCodes.ActivationGone, $"Activation of {Id} was deactivated ({reason.Description})."));
        }
    }

    internal object CreatePersistentState(Type parameterType, string stateName)
    {
        if (!parameterType.IsGenericType || parameterType.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            throw new GrainRuntimeException(GrainErrorCodes.GrainConstructionFailed,
                $"Grain class {Class.ClassType.FullName}: [PersistentState(\"{stateName}\")] must be on a parameter of type IPersistentState<T>.");
        var stateType = typeof(PersistentState<>).MakeGenericType(parameterType.GetGenericArguments()[0]);
        var state = (IPersistentStateLoader)Activator.CreateInstance(stateType, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null,
            [Silo.Storage, new GrainStateId(Id.Type, Id.Key, stateName), this], null)!;
        (_states ??= []).Add(state);
        return state;
    }

    internal IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, callback, period);
        lock (this)
        {
            if (_state is State.Deactivating or State.Invalid)
                throw new GrainRuntimeException(GrainErrorCodes.ActivationGone, $"Activation of {Id} is deactivating; timers cannot be registered.");
            (_timers ??= []).Add(timer);
        }
        timer.Start(dueTime);
        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (this) _timers?.Remove(timer);
    }

    internal void AddSubscription(IAsyncDisposable subscription)
    {
        lock (this) (_subscriptions ??= []).Add(subscription);
    }

    private void DisposeTimers()
    {
        GrainTimer[]? timers;
        lock (this)
        {
            timers = _timers?.ToArray();
            _timers = null;
        }
        if (timers is not null) foreach (var t in timers) t.Stop();
    }
}
