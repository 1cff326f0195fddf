using CircuitBreaker.Runtime.Storage;

namespace CircuitBreaker.Runtime.Tests;

public sealed class StateTests
{
    [Fact]
    public async Task State_survives_a_silo_restart()
    {
        var storage = new InMemoryGrainStorage();
        await using (var first = await TestSilo.StartAsync(b => b.UseGrainStorage(storage)))
        {
            var grain = first.GrainFactory.GetGrain<IProfileGrain>("ada");
            Assert.Equal(("", 0, false), await grain.Get());
            await grain.Set("Ada");
        }
        await using var second = await TestSilo.StartAsync(b => b.UseGrainStorage(storage));
        Assert.Equal(("Ada", 1, true), await second.GrainFactory.GetGrain<IProfileGrain>("ada").Get());
    }

    [Fact]
    public async Task Clear_removes_the_row()
    {
        var storage = new InMemoryGrainStorage();
        await using var silo = await TestSilo.StartAsync(b => b.UseGrainStorage(storage));
        var grain = silo.GrainFactory.GetGrain<IProfileGrain>("c");
        await grain.Set("x");
        await grain.Clear();
        Assert.Equal(("", 0, false), await grain.Get());
        Assert.Null(await storage.ReadAsync(new GrainStateId(typeof(ProfileGrain).FullName!, "c", "profile")));
    }
}

public sealed class InMemoryGrainStorageTests
{
    private static readonly GrainStateId Id = new("T", "k", "s");

    [Fact]
    public async Task Write_checks_the_etag()
    {
        var storage = new InMemoryGrainStorage();
        var e1 = (await storage.WriteAsync(Id, new StateWrite("1"), null)).ETag;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Id, new StateWrite("x"), null));
        var e2 = (await storage.WriteAsync(Id, new StateWrite("2"), e1)).ETag;
        var stale = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Id, new StateWrite("x"), e1));
        Assert.Equal(e2, stale.StoredEtag);
        Assert.Equal("2", (await storage.ReadAsync(Id))!.Json);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(Id, e1));
        await storage.ClearAsync(Id, e2);
        Assert.Null(await storage.ReadAsync(Id));
        await storage.ClearAsync(Id, null);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(Id, e2));
    }

    [Fact]
    public async Task Log_is_append_only_and_read_in_order()
    {
        var storage = new InMemoryGrainStorage();
        var e1 = (await storage.WriteAsync(Id, new StateWrite("1") { Append = [new LogEntry(1, "a"), new LogEntry(2, "b")] }, null)).ETag;
        var e2 = (await storage.WriteAsync(Id, new StateWrite("2") { Append = [new LogEntry(3, "c")] }, e1)).ETag;
        await Assert.ThrowsAsync<InvalidOperationException>(() => storage.WriteAsync(Id, new StateWrite("3") { Append = [new LogEntry(3, "again")] }, e2));
        Assert.Equal("2", (await storage.ReadAsync(Id))!.Json); // the failed write changed nothing
        Assert.Equal(["b", "c"], (await storage.ReadLogAsync(Id, 1, 10)).Select(e => e.Json));
        Assert.Equal(["c", "b"], (await storage.ReadLogAsync(Id, 0, 2, descending: true)).Select(e => e.Json));
        Assert.Equal(["a"], (await storage.ReadLogAsync(Id, 2, 10, descending: true)).Select(e => e.Json));
    }

    [Fact]
    public async Task Feed_events_commit_with_the_state_numbered_per_feed_and_read_both_ways()
    {
        var storage = new InMemoryGrainStorage();
        var other = new GrainStateId("T", "other", "s");
        var e1 = await storage.WriteAsync(Id, new StateWrite("1") { Event = new FeedAppend("f", "\"a\"") }, null);
        var o1 = await storage.WriteAsync(other, new StateWrite("1") { Event = new FeedAppend("f", "\"b\"") }, null);
        Assert.Equal((1L, 2L), (e1.EventSequence!.Value, o1.EventSequence!.Value));
        Assert.Equal(1, (await storage.WriteAsync(other, new StateWrite("2") { Event = new FeedAppend("g", "\"x\"") }, o1.ETag)).EventSequence);
        Assert.Null((await storage.WriteAsync(Id, new StateWrite("2"), e1.ETag)).EventSequence);

        // A stale write appends nothing, so the next event follows without a hole.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Id, new StateWrite("3") { Event = new FeedAppend("f", "\"stale\"") }, e1.ETag));
        var e3 = await storage.WriteAsync(other, new StateWrite("3") { Event = new FeedAppend("f", "\"c\"") }, (await storage.ReadAsync(other))!.ETag);
        Assert.Equal(3, e3.EventSequence);

        Assert.Equal(["a", "b", "c"], (await storage.ReadFeedAsync("f", 0, 10)).Select(e => e.Json.Trim('"')));
        Assert.Equal(["c"], (await storage.ReadFeedAsync("f", 2, 10)).Select(e => e.Json.Trim('"')));
        Assert.Equal([3L, 2L], (await storage.ReadFeedAsync("f", 0, 2, descending: true)).Select(e => e.Sequence));
        Assert.Equal([1L], (await storage.ReadFeedAsync("f", 2, 10, descending: true)).Select(e => e.Sequence));
        Assert.Empty(await storage.ReadFeedAsync("none", 0, 10));
    }

    [Fact]
    public async Task Index_pages_newest_first_with_filters()
    {
        var storage = new InMemoryGrainStorage();
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
            await storage.WriteAsync(new GrainStateId("T", $"k{i}", "s"), new StateWrite("{}")
            {
                Index = new IndexEntry(i % 2 == 0 ? "even" : "odd", "open", i == 4 ? ["hot"] : [], t0.AddMinutes(i)),
            }, null);
        var page1 = await storage.QueryIndexAsync(new IndexQuery("T", "s") { First = 2 });
        Assert.Equal(["k4", "k3"], page1.Keys);
        Assert.True(page1.HasNextPage);
        var page2 = await storage.QueryIndexAsync(new IndexQuery("T", "s") { First = 2, After = page1.EndCursor });
        Assert.Equal(["k2", "k1"], page2.Keys);
        var page3 = await storage.QueryIndexAsync(new IndexQuery("T", "s") { First = 2, After = page2.EndCursor });
        Assert.Equal(["k0"], page3.Keys);
        Assert.False(page3.HasNextPage);
        Assert.Equal(["k4", "k2", "k0"], (await storage.QueryIndexAsync(new IndexQuery("T", "s") { Partition = "even" })).Keys);
        Assert.Equal(["k4"], (await storage.QueryIndexAsync(new IndexQuery("T", "s") { Label = "hot" })).Keys);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => storage.QueryIndexAsync(new IndexQuery("T", "s") { First = 0 }));
        await Assert.ThrowsAsync<ArgumentException>(() => storage.QueryIndexAsync(new IndexQuery("T", "s") { After = "!!" }));
    }
}
