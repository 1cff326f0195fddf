namespace CircuitBreaker.Runtime.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task GetGrain_does_not_activate_and_first_call_does()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("a");
        Assert.Equal(0, silo.Runtime.ActivationCount);
        Assert.Empty(silo.Probe().Events);
        await grain.Id();
        Assert.Equal(["activate:a"], silo.Probe().Events);
    }

    [Fact]
    public async Task Idle_activation_is_collected_after_its_collection_age()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("idle");
        var first = await grain.Id();
        await silo.Probe().WaitUntilAsync(e => e.Contains("deactivate:idle:ActivationIdle"));
        Assert.NotEqual(first, await grain.Id());
    }

    [Fact]
    public async Task DeactivateOnIdle_gives_the_next_call_a_new_activation()
    {
        await using var silo = await TestSilo.StartAsync(b => b.Configure(o => o.CollectionScanInterval = TimeSpan.FromMinutes(5)));
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("d");
        var first = await grain.DeactivateMe();
        await silo.Probe().WaitUntilAsync(e => e.Contains("deactivate:d:ApplicationRequested"));
        Assert.NotEqual(first, await grain.Id());
        Assert.Equal(2, silo.Probe().Count("activate:d"));
    }

    [Fact]
    public async Task Stop_finishes_in_flight_turns_then_deactivates_everything()
    {
        var silo = await TestSilo.StartAsync();
        var probe = silo.Probe();
        var misc = silo.GrainFactory.GetGrain<IMiscGrain>("m");
        await silo.GrainFactory.GetGrain<ILifecycleGrain>("x").Id();
        var hang = misc.Hang(); // times out for the caller but the turn is still running
        var stop = silo.StopAsync();
        await Task.Delay(100);
        Assert.False(stop.IsCompleted);
        probe.Gate.TrySetResult();
        await stop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("deactivate:x:ShuttingDown", probe.Events);
        Assert.Equal(0, silo.Runtime.ActivationCount);
        var error = await Assert.ThrowsAsync<GrainRuntimeException>(() => misc.Add(1, 1));
        Assert.Equal(GrainErrorCodes.SiloNotRunning, error.Code);
        await silo.DisposeAsync();
        _ = hang.Exception;
    }

    [Fact]
    public async Task Stop_completes_when_the_only_queued_call_expired_while_a_turn_ran()
    {
        await using var silo = await TestSilo.StartAsync();
        var probe = silo.Probe();
        var misc = silo.GrainFactory.GetGrain<IMiscGrain>("m");
        var running = misc.Hang(); // the turn runs until the gate opens
        var queued = misc.Hang();  // queued behind it
        var stop = silo.StopAsync(); // drains: waits for the running turn and the queued call
        await Assert.ThrowsAsync<TimeoutException>(() => queued); // its caller gives up while it is still queued
        probe.Gate.TrySetResult();
        await stop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, silo.Runtime.ActivationCount);
        _ = running.Exception;
    }

    [Fact]
    public async Task Unregistered_interface_fails_with_a_code()
    {
        await using var silo = await TestSilo.StartAsync();
        var error = Assert.Throws<GrainRuntimeException>(() => silo.GrainFactory.GetGrain<IUnregisteredGrain>("u"));
        Assert.Equal(GrainErrorCodes.GrainInterfaceNotFound, error.Code);
    }

    [Fact]
    public async Task Failed_activation_fails_the_call_and_the_next_call_activates_again()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IFailingActivationGrain>("f");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(grain.Ping);
        Assert.Equal("first activation fails", error.Message);
        Assert.Equal(2, await grain.Ping());
    }

    [Fact]
    public async Task Missing_constructor_service_fails_with_a_code()
    {
        await using var silo = await TestSilo.StartAsync();
        var error = await Assert.ThrowsAsync<GrainRuntimeException>(silo.GrainFactory.GetGrain<INeedsServiceGrain>("n").Ping);
        Assert.Equal(GrainErrorCodes.GrainConstructionFailed, error.Code);
        Assert.Contains("notRegistered", error.Message);
    }

    [Fact]
    public async Task References_to_the_same_grain_are_equal()
    {
        await using var silo = await TestSilo.StartAsync();
        Assert.Equal(silo.GrainFactory.GetGrain<IMiscGrain>("a"), silo.GrainFactory.GetGrain<IMiscGrain>("a"));
        Assert.NotEqual(silo.GrainFactory.GetGrain<IMiscGrain>("a"), silo.GrainFactory.GetGrain<IMiscGrain>("b"));
    }

    [Fact]
    public async Task Calls_racing_deactivations_all_complete_on_one_activation_at_a_time()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IChurnGrain>("churn");
        var results = await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() => grain.Call(i % 50 == 0))));
        Assert.Equal(2000, results.Length);
        var live = 0;
        foreach (var e in silo.Probe().Events)
        {
            live += e == "up" ? 1 : -1;
            Assert.InRange(live, 0, 1); // never two activations of one grain at once
        }
        Assert.True(silo.Probe().Count("up") > 1);
    }
}
