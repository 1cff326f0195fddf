using System.Diagnostics;
using CircuitBreaker.Runtime.Streams;

namespace CircuitBreaker.Runtime.Tests;

public interface ITurnProbeGrain : IGrainWithStringKey
{
    Task Work();
    Task<int> MaxConcurrent();
    Task<int> Calls();
}

public sealed class TurnProbeGrain : Grain, ITurnProbeGrain
{
    private int _active, _max, _calls;

    public async Task Work()
    {
        Enter();
        await Task.Yield();
        await Task.Yield();
        _calls++;
        Exit();
    }

    public Task<int> MaxConcurrent() => Task.FromResult(_max);
    public Task<int> Calls() => Task.FromResult(_calls);

    private void Enter() { var n = Interlocked.Increment(ref _active); if (n > _max) _max = n; }
    private void Exit() => Interlocked.Decrement(ref _active);
}

public interface IGateGrain : IGrainWithStringKey
{
    Task WaitForRelease();
    [AlwaysInterleave] Task Release();
    [CallTimeout(300)] Task ReleaseNotInterleaved();
}

public sealed class GateGrain : Grain, IGateGrain
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public Task WaitForRelease() => _gate.Task;
    public Task Release() { _gate.TrySetResult(); return Task.CompletedTask; }
    public Task ReleaseNotInterleaved() { _gate.TrySetResult(); return Task.CompletedTask; }
}

public interface IReentrantGateGrain : IGrainWithStringKey
{
    Task WaitForRelease();
    Task Release();
}

[Reentrant]
public sealed class ReentrantGateGrain : Grain, IReentrantGateGrain
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public Task WaitForRelease() => _gate.Task;
    public Task Release() { _gate.TrySetResult(); return Task.CompletedTask; }
}

public interface IReadOnlyGateGrain : IGrainWithStringKey
{
    [ReadOnly] Task WaitForRelease();
    [ReadOnly] Task Release();
    [CallTimeout(300)] Task Write();
}

public sealed class ReadOnlyGateGrain : Grain, IReadOnlyGateGrain
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public Task WaitForRelease() => _gate.Task;
    public Task Release() { _gate.TrySetResult(); return Task.CompletedTask; }
    public Task Write() => Task.CompletedTask;
}

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<Guid> Id();
    Task<Guid> DeactivateMe();
}

[CollectionAge(0.2)]
public sealed class LifecycleGrain(TestProbe probe) : Grain, ILifecycleGrain
{
    private readonly Guid _id = Guid.NewGuid();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Record($"activate:{GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivate:{GetPrimaryKeyString()}:{reason.Code}");
        return Task.CompletedTask;
    }

    public Task<Guid> Id() => Task.FromResult(_id);

    public Task<Guid> DeactivateMe()
    {
        DeactivateOnIdle();
        return Task.FromResult(_id);
    }
}

public sealed class CustomGrainException(string message) : Exception(message);

public interface IMiscGrain : IGrainWithStringKey
{
    [CallTimeout(200)] Task Hang();
    Task WaitForGate();
    Task Throw(string message);
    Task<int> ThrowAfterAwait(string message);
    Task Store(List<int> items);
    Task<List<int>> Get();
    Task<string?> TraceId();
    Task<int> Add(int a, int b);
    Task<IReadOnlyList<int>> Echo(IReadOnlyList<int> items);
}

public sealed class MiscGrain(TestProbe probe) : Grain, IMiscGrain
{
    private List<int> _items = [];

    public Task Hang() => probe.Gate.Task;
    public Task WaitForGate() => probe.Gate.Task;
    public Task Throw(string message) => throw new CustomGrainException(message);

    public async Task<int> ThrowAfterAwait(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public Task Store(List<int> items) { _items = items; return Task.CompletedTask; }
    public Task<List<int>> Get() => Task.FromResult(_items);
    public Task<string?> TraceId() => Task.FromResult(Activity.Current?.TraceId.ToString());
    public Task<int> Add(int a, int b) => Task.FromResult(a + b);
    public Task<IReadOnlyList<int>> Echo(IReadOnlyList<int> items) => Task.FromResult<IReadOnlyList<int>>([.. items, 9]);
}

public sealed class Profile
{
    public string Name { get; set; } = "";
    public int Version { get; set; }
}

public interface IProfileGrain : IGrainWithStringKey
{
    Task<Guid> Set(string name);
    Task<(string Name, int Version, bool Exists)> Get();
    Task Clear();
}

public sealed class ProfileGrain([PersistentState("profile")] IPersistentState<Profile> profile) : Grain, IProfileGrain
{
    private readonly Guid _id = Guid.NewGuid();

    public async Task<Guid> Set(string name)
    {
        profile.State.Name = name;
        profile.State.Version++;
        await profile.WriteStateAsync();
        return _id;
    }

    public Task<(string Name, int Version, bool Exists)> Get() =>
        Task.FromResult((profile.State.Name, profile.State.Version, profile.RecordExists));

    public Task Clear() => profile.ClearStateAsync();
}

public interface IReminderGrain : IGrainWithStringKey
{
    Task Start(double periodSeconds);
    Task Stop();
}

public sealed class ReminderGrain(TestProbe probe) : Grain, IReminderGrain, IRemindable
{
    public Task Start(double periodSeconds) =>
        RegisterOrUpdateReminder("tick", TimeSpan.FromSeconds(periodSeconds), TimeSpan.FromSeconds(periodSeconds));

    public Task Stop() => UnregisterReminder("tick");

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        probe.Record($"reminder:{GetPrimaryKeyString()}:{reminderName}");
        return Task.CompletedTask;
    }
}

public interface ITimerGrain : IGrainWithStringKey
{
    Task StartTimer();
    Task Poke();
    Task<int> MaxConcurrent();
    Task Deactivate();
}

public sealed class TimerGrain(TestProbe probe) : Grain, ITimerGrain
{
    private int _active, _max;

    public Task StartTimer()
    {
        RegisterGrainTimer(async _ =>
        {
            Enter();
            probe.Record("tick");
            await Task.Delay(30); // longer than the period: a naive timer would overlap
            Exit();
        }, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(5));
        return Task.CompletedTask;
    }

    public async Task Poke()
    {
        Enter();
        await Task.Yield();
        Exit();
    }

    public Task<int> MaxConcurrent() => Task.FromResult(_max);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record("deactivated");
        return Task.CompletedTask;
    }

    private void Enter() { var n = Interlocked.Increment(ref _active); if (n > _max) _max = n; }
    private void Exit() => Interlocked.Decrement(ref _active);
}

public interface IStreamGrain : IGrainWithStringKey
{
    Task Subscribe(string ns, string key);
    Task<List<long>> Received();
}

public sealed class StreamGrain : Grain, IStreamGrain
{
    private readonly List<long> _received = [];

    public async Task Subscribe(string ns, string key)
    {
        await GetStreamProvider().GetStream<int>(ns, key).SubscribeAsync(ev =>
        {
            _received.Add(ev.Sequence);
            return Task.CompletedTask;
        });
    }

    public Task<List<long>> Received() => Task.FromResult(_received.ToList());
}

public interface IUnregisteredGrain : IGrainWithStringKey
{
    Task Nothing();
}

public interface IReentrantProbeGrain : IGrainWithStringKey
{
    Task Work();
    Task<int> MaxParallel();
}

[Reentrant]
public sealed class ReentrantProbeGrain : Grain, IReentrantProbeGrain
{
    private int _active, _max;

    public async Task Work()
    {
        for (var i = 0; i < 3; i++)
        {
            var n = Interlocked.Increment(ref _active);
            if (n > _max) _max = n;
            Thread.SpinWait(2000);
            Interlocked.Decrement(ref _active);
            await Task.Yield();
        }
    }

    public Task<int> MaxParallel() => Task.FromResult(_max);
}

public interface IFailingActivationGrain : IGrainWithStringKey
{
    Task<int> Ping();
}

public sealed class FailingActivationGrain(TestProbe probe) : Grain, IFailingActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Record("activating");
        if (probe.Count("activating") == 1) throw new InvalidOperationException("first activation fails");
        return Task.CompletedTask;
    }

    public Task<int> Ping() => Task.FromResult(probe.Count("activating"));
}

public interface INeedsServiceGrain : IGrainWithStringKey
{
    Task Ping();
}

public sealed class NeedsServiceGrain(Uri notRegistered) : Grain, INeedsServiceGrain
{
    public Task Ping() => Task.FromResult(notRegistered);
}

public interface IChurnGrain : IGrainWithStringKey
{
    Task<int> Call(bool deactivate);
}

public sealed class ChurnGrain(TestProbe probe) : Grain, IChurnGrain
{
    private int _calls;

    public override Task OnActivateAsync(CancellationToken cancellationToken) { probe.Record("up"); return Task.CompletedTask; }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await Task.Yield();
        probe.Record("down");
    }

    public async Task<int> Call(bool deactivate)
    {
        await Task.Yield();
        if (deactivate) DeactivateOnIdle();
        return ++_calls;
    }
}

public interface IMixedTurnGrain : IGrainWithStringKey
{
    Task<bool> Acquire();
    Task Record(int amount);
    [ReadOnly] Task<long> Total();
    [AlwaysInterleave] Task<int> Ticks();
}

public sealed class MixedTurnState { public long Total { get; set; } }

/// <summary>
/// Shaped like the circuit breaker grain: async exclusive hot-path methods, a [ReadOnly] and an [AlwaysInterleave]
/// method (so it runs on its own task scheduler) and a timer that writes state when something changed.
/// </summary>
public sealed class MixedTurnGrain([PersistentState("mixed")] IPersistentState<MixedTurnState> state) : Grain, IMixedTurnGrain
{
    private long _total;
    private int _ticks;
    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _total = state.State.Total;
        RegisterGrainTimer(Flush, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20));
        return Task.CompletedTask;
    }

    public async Task<bool> Acquire()
    {
        if (_total < 0) await Flush();
        return true;
    }

    public async Task Record(int amount)
    {
        _total += amount;
        if (_total < 0) await Flush();
        _dirty = true;
    }

    public Task<long> Total() => Task.FromResult(_total);
    public Task<int> Ticks() => Task.FromResult(_ticks);

    private async Task Flush()
    {
        _ticks++;
        if (!_dirty) return;
        state.State = new MixedTurnState { Total = _total };
        await state.WriteStateAsync();
        _dirty = false;
    }
}
