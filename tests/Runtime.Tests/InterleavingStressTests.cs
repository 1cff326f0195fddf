namespace CircuitBreaker.Runtime.Tests;

public sealed class InterleavingStressTests
{
    // Shaped like the circuit breaker bench that hung: callers hammer exclusive methods of a grain that runs on its
    // own task scheduler (it has [ReadOnly]/[AlwaysInterleave] methods and a timer). Before the scheduler's lost
    // wake-up was fixed, a turn stayed queued on the scheduler with no worker and every call behind it timed out.
    [Fact]
    public async Task Concurrent_callers_of_an_interleaving_grain_with_a_timer_never_stall()
    {
        await using var silo = await TestSilo.StartAsync(b => b.Configure(o =>
        {
            o.DefaultCallTimeout = TimeSpan.FromSeconds(5);
            o.LifecycleTimeout = TimeSpan.FromSeconds(5); // caps disposal when a turn is stuck
        }));
        var grain = silo.GrainFactory.GetGrain<IMixedTurnGrain>("mixed");
        await grain.Record(0);
        foreach (var callers in new[] { 1, 8, 1, 8 }) await Hammer(grain, callers);
    }

    private static async Task Hammer(IMixedTurnGrain grain, int callers)
    {
        long pairs = 0;
        var before = await grain.Total();
        var stop = false;
        var loops = Enumerable.Range(0, callers).Select(i => Task.Run(async () =>
        {
            while (!Volatile.Read(ref stop))
            {
                await Task.Yield();
                if (await grain.Acquire()) await grain.Record(1);
                if (i == 0) await grain.Total();
                Interlocked.Increment(ref pairs);
            }
        })).ToArray();
        var all = Task.WhenAll(loops);
        // Runs 1.5 s unless a loop fails first (a stalled call fails with a TimeoutException after 5 s).
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(1.5)));
        Volatile.Write(ref stop, true);
        await all.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(before + Interlocked.Read(ref pairs), await grain.Total());
        Assert.True(await grain.Ticks() > 0);
    }
}
