using CircuitBreaker.Grains;
using CircuitBreaker.Grains.Resilience;

namespace CircuitBreaker.Grains.Tests.Resilience;

public sealed class CircuitBreakerGrainTests
{
    private static readonly BreakerSettings Small = new()
    {
        SlidingWindowSize = 4, MinimumNumberOfCalls = 4, FailureRateThreshold = 50,
        WaitDurationInOpenStateMs = 1500, PermittedNumberOfCallsInHalfOpenState = 2,
    };

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task Open_state_survives_a_restart_and_turns_half_open_with_no_calls(StorageProvider provider)
    {
        await using var silo = await ResilienceSilo.StartAsync(provider);
        var breaker = silo.Grains.GetGrain<ICircuitBreakerGrain>("llm:openai");
        await breaker.Configure(Small);
        for (var i = 0; i < 4; i++)
        {
            Assert.True((await breaker.TryAcquire()).Permitted);
            await breaker.Record(BreakerOutcome.Failure, 20);
        }
        var refused = await breaker.TryAcquire();
        Assert.False(refused.Permitted);
        Assert.Equal("OPEN", refused.State);
        Assert.InRange(refused.RetryAfterMs!.Value, 1, 1500);

        await silo.RestartAsync();
        var halfOpen = new TaskCompletionSource<BreakerStateChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var _ = await silo.Host.StreamProvider.GetStream<BreakerStateChanged>("breaker", "llm:openai").SubscribeItemsAsync(e =>
        {
            if (e.To == "HALF_OPEN") halfOpen.TrySetResult(e);
            return Task.CompletedTask;
        });

        // No call reaches the breaker: the reminder activates it when the wait ends.
        var change = await halfOpen.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(("OPEN", "WaitDurationElapsed"), (change.From, change.Reason));
        var view = await silo.Grains.GetGrain<ICircuitBreakerGrain>("llm:openai").GetState();
        Assert.Equal("HALF_OPEN", view.State);
        Assert.Equal(4, view.Config.SlidingWindowSize);
    }

    [Fact]
    public async Task Open_turns_half_open_by_timer_then_trial_successes_close_it()
    {
        await using var silo = await ResilienceSilo.StartAsync(StorageProvider.Sqlite);
        var breaker = silo.Grains.GetGrain<ICircuitBreakerGrain>("svc:pay");
        var events = new List<BreakerStateChanged>();
        var halfOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var _ = await silo.Host.StreamProvider.GetStream<BreakerStateChanged>("breaker", "svc:pay").SubscribeItemsAsync(e =>
        {
            lock (events) events.Add(e);
            if (e.To == "HALF_OPEN") halfOpen.TrySetResult();
            if (e.To == "CLOSED") closed.TrySetResult();
            return Task.CompletedTask;
        });
        await breaker.Configure(Small with { WaitDurationInOpenStateMs = 300 });
        foreach (var outcome in new[] { BreakerOutcome.Failure, BreakerOutcome.Success, BreakerOutcome.Failure, BreakerOutcome.Success })
            await breaker.Record(outcome, 5);
        Assert.Equal("OPEN", (await breaker.GetState()).State);

        await halfOpen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True((await breaker.TryAcquire()).Permitted);
        Assert.True((await breaker.TryAcquire()).Permitted);
        Assert.False((await breaker.TryAcquire()).Permitted);
        await breaker.Record(BreakerOutcome.Success, 5);
        await breaker.Record(BreakerOutcome.Success, 5);
        var view = await breaker.GetState();
        Assert.Equal("CLOSED", view.State);
        // Stream delivery follows the reply (the pulling agent forwards it), so wait for the last event.
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (events) Assert.Equal(["OPEN", "HALF_OPEN", "CLOSED"], events.Select(e => e.To));
    }

    [Fact]
    public async Task Metrics_and_admin_state_survive_a_restart()
    {
        await using var silo = await ResilienceSilo.StartAsync(StorageProvider.Sqlite);
        var breaker = silo.Grains.GetGrain<ICircuitBreakerGrain>("db:main");
        await breaker.Configure(new BreakerSettings { SlidingWindowSize = 10, MinimumNumberOfCalls = 10 });
        await breaker.Record(BreakerOutcome.Success, 1);
        await breaker.Record(BreakerOutcome.Failure, 1);
        await breaker.Record(BreakerOutcome.Failure, 1);

        await silo.RestartAsync();
        var view = await silo.Grains.GetGrain<ICircuitBreakerGrain>("db:main").GetState();
        Assert.Equal((3, 2), (view.NumberOfBufferedCalls, view.NumberOfFailedCalls));

        await silo.Grains.GetGrain<ICircuitBreakerGrain>("db:main").ForceOpen();
        Assert.Equal(new BreakerPermit(false, "FORCED_OPEN", null), await silo.Grains.GetGrain<ICircuitBreakerGrain>("db:main").TryAcquire());
        await silo.RestartAsync();
        var after = await silo.Grains.GetGrain<ICircuitBreakerGrain>("db:main").GetState();
        Assert.Equal(("FORCED_OPEN", 1L), (after.State, after.NumberOfNotPermittedCalls));
        Assert.Equal("CLOSED", (await silo.Grains.GetGrain<ICircuitBreakerGrain>("db:main").Reset()).State);
        Assert.Equal("DISABLED", (await silo.Grains.GetGrain<ICircuitBreakerGrain>("db:main").Disable()).State);
        Assert.Equal("CLOSED", (await silo.Grains.GetGrain<ICircuitBreakerGrain>("db:main").Close()).State);
    }

    [Fact]
    public async Task Bad_configuration_and_durations_are_refused_with_codes()
    {
        await using var silo = await ResilienceSilo.StartAsync(StorageProvider.Sqlite);
        var breaker = silo.Grains.GetGrain<ICircuitBreakerGrain>("x");
        Assert.Equal("BREAKER_FAILURE_RATE_THRESHOLD_OUT_OF_RANGE",
            (await Assert.ThrowsAsync<ResilienceException>(() => breaker.Configure(new BreakerSettings { FailureRateThreshold = 0 }))).Code);
        Assert.Equal("BREAKER_SLIDING_WINDOW_TYPE_UNKNOWN",
            (await Assert.ThrowsAsync<ResilienceException>(() => breaker.Configure(new BreakerSettings { SlidingWindowType = "SIDEWAYS" }))).Code);
        Assert.Equal("BREAKER_DURATION_NEGATIVE", (await Assert.ThrowsAsync<ResilienceException>(() => breaker.Record(BreakerOutcome.Success, -1))).Code);
        Assert.Equal("BREAKER_OUTCOME_UNKNOWN", (await Assert.ThrowsAsync<ResilienceException>(() => breaker.Record((BreakerOutcome)9, 1))).Code);
        Assert.Equal("CLOSED", (await breaker.GetState()).State);
    }
}
