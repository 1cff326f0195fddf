using CircuitBreaker.Runtime.Storage;

namespace CircuitBreaker.Runtime.Tests;

public sealed class TimerReminderTests
{
    [Fact]
    public async Task Timer_ticks_are_turns_that_never_overlap_and_die_with_the_activation()
    {
        await using var silo = await TestSilo.StartAsync();
        var probe = silo.Probe();
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>("t");
        await grain.StartTimer();
        for (var i = 0; i < 20; i++) await grain.Poke(); // calls compete with ticks for the turn
        await probe.WaitUntilAsync(e => e.Count(x => x == "tick") >= 4);
        Assert.Equal(1, await grain.MaxConcurrent());
        await grain.Deactivate();
        await probe.WaitUntilAsync(e => e.Contains("deactivated"));
        var ticks = probe.Count("tick");
        await Task.Delay(200); // nothing to await for an absence: give a dead timer time to misfire
        Assert.Equal(ticks, probe.Count("tick"));
    }

    [Fact]
    public async Task Reminder_registered_before_a_restart_fires_after_it()
    {
        var table = new InMemoryReminderTable();
        await using (var first = await TestSilo.StartAsync(b => b.UseReminderTable(table)))
        {
            await first.GrainFactory.GetGrain<IReminderGrain>("r").Start(1);
        }
        Assert.Single(await table.ReadAllAsync());
        await using var second = await TestSilo.StartAsync(b => b.UseReminderTable(table));
        // Nobody calls the grain on the second silo: the reminder activates it.
        await second.Probe().WaitUntilAsync(e => e.Count(x => x == "reminder:r:tick") >= 2);
        await second.GrainFactory.GetGrain<IReminderGrain>("r").Stop();
        Assert.Empty(await table.ReadAllAsync());
    }

    [Fact]
    public async Task Reminder_period_below_the_minimum_is_refused()
    {
        await using var silo = await TestSilo.StartAsync();
        var error = await Assert.ThrowsAsync<GrainRuntimeException>(() => silo.GrainFactory.GetGrain<IReminderGrain>("r").Start(0.1));
        Assert.Equal(GrainErrorCodes.ReminderPeriodTooSmall, error.Code);
    }

    [Theory]
    [InlineData(0, 10)]   // before start: the start itself
    [InlineData(10, 20)]  // exactly on a tick: the next one
    [InlineData(25, 30)]
    [InlineData(95, 100)] // long downtime: missed ticks skipped
    public void Next_tick_is_the_first_one_strictly_after(int afterSeconds, int expectedSeconds)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 10, TimeSpan.Zero);
        var origin = start.AddSeconds(-10);
        Assert.Equal(origin.AddSeconds(expectedSeconds), ReminderService.NextTick(start, TimeSpan.FromSeconds(10), origin.AddSeconds(afterSeconds)));
    }
}

public sealed class StreamTests
{
    [Fact]
    public async Task Stream_delivers_in_order_to_several_subscribers_with_increasing_sequence()
    {
        await using var silo = await TestSilo.StartAsync();
        var stream = silo.StreamProvider.GetStream<int>("ns", "k");
        var received = new[] { new List<StreamEvent<int>>(), new List<StreamEvent<int>>() };
        var done = received.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        for (var s = 0; s < 2; s++)
        {
            var index = s;
            await stream.SubscribeAsync(ev =>
            {
                received[index].Add(ev);
                if (received[index].Count == 100) done[index].TrySetResult();
                return Task.CompletedTask;
            });
        }
        var grain = silo.GrainFactory.GetGrain<IStreamGrain>("sub");
        await grain.Subscribe("ns", "k");
        for (var i = 0; i < 100; i++) await stream.OnNextAsync(i);
        await Task.WhenAll(done.Select(d => d.Task)).WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var list in received)
        {
            Assert.Equal(Enumerable.Range(0, 100), list.Select(e => e.Item));
            Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), list.Select(e => e.Sequence));
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<long> grainSeen;
        while ((grainSeen = await grain.Received()).Count < 100 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), grainSeen);
    }

    [Fact]
    public async Task Stream_type_mismatch_fails_with_a_code()
    {
        await using var silo = await TestSilo.StartAsync();
        silo.StreamProvider.GetStream<int>("ns", "x");
        var error = Assert.Throws<GrainRuntimeException>(() => silo.StreamProvider.GetStream<string>("ns", "x"));
        Assert.Equal(GrainErrorCodes.StreamTypeMismatch, error.Code);
    }
}
