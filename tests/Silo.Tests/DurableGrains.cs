using Orleans;
using Orleans.Metadata;
using Orleans.Runtime;
using System.Collections.Concurrent;

namespace CircuitBreaker.Silo.Tests;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();
    Task<int> Get();
}

public sealed class CounterState
{
    public int Value { get; set; }
}

[GrainType("test-counter")]
public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> counter) : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        counter.State.Value++;
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<int> Get() => Task.FromResult(counter.State.Value);
}

public interface IWakeUpGrain : IGrainWithStringKey
{
    Task Arm(TimeSpan period);
    Task Disarm();
}

/// <summary>Signals each reminder tick through <see cref="Ticks"/> so a test can await it.</summary>
[GrainType("test-wake-up")]
public sealed class WakeUpGrain : Grain, IWakeUpGrain, IRemindable
{
    public static readonly ConcurrentDictionary<string, TaskCompletionSource<TickStatus>> Ticks = new();

    public Task Arm(TimeSpan period) => this.RegisterOrUpdateReminder("wake", period, period);

    public async Task Disarm()
    {
        if (await this.GetReminder("wake") is { } reminder) await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Ticks.TryGetValue(this.GetPrimaryKeyString(), out var tcs)) tcs.TrySetResult(status);
        return Task.CompletedTask;
    }
}
