using Orleans;
using Orleans.Streams;
using CircuitBreaker.Grains;
using CircuitBreaker.Grains.Resilience;
using CircuitBreaker.TestSupport;
using Polly;
using Polly.CircuitBreaker;

namespace CircuitBreaker.Resilience.Polly.Tests;

public sealed class ClusterCircuitBreakerStrategyTests : IAsyncLifetime
{
    private TestStorage _storage = null!;
    private EmbeddedSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _storage = await TestStorage.CreateAsync(Storage.StorageProvider.Sqlite);
        _silo = await EmbeddedSilo.StartAsync(_storage.Storage);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _storage.DisposeAsync();
    }

    private ResiliencePipeline Pipeline(string breakerId) => new ResiliencePipelineBuilder()
        .AddClusterCircuitBreaker(new ClusterCircuitBreakerOptions { Grains = _silo.GrainFactory, BreakerId = breakerId })
        .Build();

    [Fact]
    public async Task Two_pipelines_on_one_breaker_id_share_one_breaker()
    {
        await _silo.GrainFactory.GetGrain<ICircuitBreakerGrain>("llm:openai").Configure(new BreakerSettings
        {
            SlidingWindowSize = 4, MinimumNumberOfCalls = 4, FailureRateThreshold = 50, WaitDurationInOpenStateMs = 30_000,
        });
        var first = Pipeline("llm:openai");
        var second = Pipeline("llm:openai");
        var calls = 0;

        Assert.Equal(42, await first.ExecuteAsync(_ => { calls++; return ValueTask.FromResult(42); }));
        await first.ExecuteAsync(_ => { calls++; return ValueTask.CompletedTask; });
        for (var i = 0; i < 2; i++)
            await Assert.ThrowsAsync<TimeoutException>(async () => await first.ExecuteAsync(_ => { calls++; throw new TimeoutException("upstream"); }));
        Assert.Equal("OPEN", (await _silo.GrainFactory.GetGrain<ICircuitBreakerGrain>("llm:openai").GetState()).State);

        // The other pipeline never failed, yet it is refused without running the call.
        var refused = await Assert.ThrowsAsync<BrokenCircuitException>(async () =>
            await second.ExecuteAsync(_ => { calls++; return ValueTask.FromResult(1); }));
        Assert.NotNull(refused.RetryAfter);
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30));
        Assert.Equal(4, calls);
        Assert.Equal(1, (await _silo.GrainFactory.GetGrain<ICircuitBreakerGrain>("llm:openai").GetState()).NumberOfNotPermittedCalls);
    }

    [Fact]
    public async Task Outcomes_and_durations_are_recorded_and_cancellation_is_ignored()
    {
        var breaker = _silo.GrainFactory.GetGrain<ICircuitBreakerGrain>("svc:slow");
        await breaker.Configure(new BreakerSettings { SlidingWindowSize = 10, MinimumNumberOfCalls = 10, SlowCallDurationThresholdMs = 20 });
        var pipeline = Pipeline("svc:slow");

        await pipeline.ExecuteAsync(async ct => await Task.Delay(60, ct)); // slow by construction: the delay is the call's work
        await pipeline.ExecuteAsync(_ => ValueTask.CompletedTask);
        await Assert.ThrowsAsync<OperationCanceledException>(async () =>
            await pipeline.ExecuteAsync(_ => throw new OperationCanceledException()));

        var view = await breaker.GetState();
        Assert.Equal((2, 1, 0), (view.NumberOfBufferedCalls, view.NumberOfSlowCalls, view.NumberOfFailedCalls));
    }

    [Fact]
    public async Task A_forced_open_breaker_refuses_without_retry_after_and_missing_options_are_rejected()
    {
        await _silo.GrainFactory.GetGrain<ICircuitBreakerGrain>("db:x").ForceOpen();
        var refused = await Assert.ThrowsAsync<BrokenCircuitException>(async () => await Pipeline("db:x").ExecuteAsync(_ => ValueTask.CompletedTask));
        Assert.Null(refused.RetryAfter);
        Assert.Throws<ArgumentException>(() => new ResiliencePipelineBuilder().AddClusterCircuitBreaker(new ClusterCircuitBreakerOptions { BreakerId = "x" }).Build());
        Assert.Throws<ArgumentException>(() => new ResiliencePipelineBuilder().AddClusterCircuitBreaker(new ClusterCircuitBreakerOptions { Grains = _silo.GrainFactory }).Build());
    }
}
