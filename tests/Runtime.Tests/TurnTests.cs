namespace CircuitBreaker.Runtime.Tests;

public sealed class TurnTests
{
    [Fact]
    public async Task Thousands_of_concurrent_calls_never_overlap_on_one_activation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ITurnProbeGrain>("hot");
        await Task.WhenAll(Enumerable.Range(0, 5000).Select(_ => Task.Run(grain.Work)));
        Assert.Equal(1, await grain.MaxConcurrent());
        Assert.Equal(5000, await grain.Calls());
    }

    [Fact]
    public async Task AlwaysInterleave_method_runs_while_another_turn_waits()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IGateGrain>("g");
        var waiting = grain.WaitForRelease();
        await grain.Release();
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_plain_method_waits_for_the_running_turn()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IGateGrain>("g");
        var waiting = grain.WaitForRelease();
        // Not interleaving: it queues behind WaitForRelease and times out, proving the gate is exclusive.
        await Assert.ThrowsAsync<TimeoutException>(grain.ReleaseNotInterleaved);
        await grain.Release();
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Reentrant_grain_interleaves_calls()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IReentrantGateGrain>("r");
        var waiting = grain.WaitForRelease();
        await grain.Release().WaitAsync(TimeSpan.FromSeconds(5));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ReadOnly_methods_run_together_but_not_with_a_writer()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IReadOnlyGateGrain>("ro");
        var waiting = grain.WaitForRelease();
        await Assert.ThrowsAsync<TimeoutException>(grain.Write);
        await grain.Release().WaitAsync(TimeSpan.FromSeconds(5));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Reentrant_turns_interleave_at_awaits_but_never_run_in_parallel()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IReentrantProbeGrain>("p");
        await Task.WhenAll(Enumerable.Range(0, 2000).Select(_ => Task.Run(grain.Work)));
        Assert.Equal(1, await grain.MaxParallel());
    }
}
