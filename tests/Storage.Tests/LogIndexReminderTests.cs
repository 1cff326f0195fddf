using CircuitBreaker.TestSupport;
using CircuitBreaker.Storage;
using Xunit;

namespace CircuitBreaker.Storage.Tests;

/// <summary>The append-only log, the secondary index and reminders, on both dialects.</summary>
public sealed class LogIndexReminderTests
{
    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Log_is_appended_with_the_state_and_read_in_pages_both_ways(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var id = new GrainStateId("token", Guid.NewGuid().ToString("N"), "history");
        string? etag = null;
        for (var batch = 0; batch < 5; batch++)
        {
            var entries = Enumerable.Range(batch * 5 + 1, 5).Select(seq => new LogEntry(seq, $$"""{"seq":{{seq}}}""")).ToArray();
            etag = (await test.Storage.WriteAsync(id, new StateWrite($$"""{"last":{{batch * 5 + 5}}}""") { Append = entries }, etag)).ETag;
        }
        var ascending = new List<long>();
        for (long after = 0; ;)
        {
            var page = await test.Storage.ReadLogAsync(id, after, 7);
            if (page.Count == 0)
                break;
            Assert.All(page, e => Assert.Contains($"{e.Sequence}", e.Json));
            ascending.AddRange(page.Select(e => e.Sequence));
            after = page[^1].Sequence;
        }
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), ascending);

        var descending = new List<long>();
        for (long before = 0; ;)
        {
            var page = await test.Storage.ReadLogAsync(id, before, 7, descending: true);
            if (page.Count == 0)
                break;
            descending.AddRange(page.Select(e => e.Sequence));
            before = page[^1].Sequence;
        }
        Assert.Equal(Enumerable.Range(1, 25).Reverse().Select(i => (long)i), descending);

        // Re-appending an existing sequence fails that write alone: neither state nor log change.
        await Assert.ThrowsAsync<StorageException>(() => test.Storage.WriteAsync(id, new StateWrite("""{"last":0}""") { Append = [new LogEntry(3, "\"dup\"")] }, etag));
        Assert.Equal(etag, (await test.Storage.ReadAsync(id))!.ETag);
        Assert.DoesNotContain("dup", (await test.Storage.ReadLogAsync(id, 2, 1))[0].Json);

        await test.Storage.ClearAsync(id, etag);
        Assert.Empty(await test.Storage.ReadLogAsync(id, 0, 100));
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Index_query_filters_by_partition_status_and_label_and_pages_by_cursor(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var grainType = "token-" + Guid.NewGuid().ToString("N")[..8];
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = Enumerable.Range(0, 60).Select(i => (
            Key: $"k{i:D3}",
            Partition: i % 2 == 0 ? "wf-even" : "wf-odd",
            Status: i % 3 == 0 ? "done" : "active",
            Labels: i % 5 == 0 ? new[] { "urgent", "vip" } : new[] { "normal" },
            // Pairs share a creation time so the key breaks the tie.
            CreatedAt: start.AddMinutes(i / 2))).ToArray();
        await Task.WhenAll(rows.Select(r => test.Storage.WriteAsync(new GrainStateId(grainType, r.Key, "state"),
            new StateWrite("{}") { Index = new IndexEntry(r.Partition, r.Status, r.Labels, r.CreatedAt) }, null)));

        async Task AssertListing(IndexQuery query, Func<(string Key, string Partition, string Status, string[] Labels, DateTimeOffset CreatedAt), bool> filter)
        {
            var expected = rows.Where(filter).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Key, StringComparer.Ordinal).Select(r => r.Key).ToList();
            var actual = new List<string>();
            string? after = null;
            var pages = 0;
            do
            {
                var page = await test.Storage.QueryIndexAsync(query with { After = after, First = 4 });
                actual.AddRange(page.Keys);
                Assert.Equal(page.HasNextPage, actual.Count < expected.Count);
                after = page.EndCursor;
                pages++;
                if (!page.HasNextPage)
                    break;
            } while (pages < 100);
            Assert.Equal(expected, actual);
            Assert.True(pages >= 2 || expected.Count <= 4);
        }

        var all = new IndexQuery(grainType, "state");
        await AssertListing(all, _ => true);
        await AssertListing(all with { Partition = "wf-even" }, r => r.Partition == "wf-even");
        await AssertListing(all with { Status = "done" }, r => r.Status == "done");
        await AssertListing(all with { Label = "vip" }, r => r.Labels.Contains("vip"));
        await AssertListing(all with { Partition = "wf-odd", Status = "active" }, r => r.Partition == "wf-odd" && r.Status == "active");
        await AssertListing(all with { Label = "normal", Partition = "wf-even", Status = "done" }, r => r.Labels.Contains("normal") && r.Partition == "wf-even" && r.Status == "done");

        // Rewriting the index replaces labels and status; clearing removes the entry.
        var k0 = new GrainStateId(grainType, "k000", "state");
        var etag = (await test.Storage.ReadAsync(k0))!.ETag;
        etag = (await test.Storage.WriteAsync(k0, new StateWrite("{}") { Index = new IndexEntry("wf-even", "active", ["normal"], rows[0].CreatedAt) }, etag)).ETag;
        Assert.DoesNotContain("k000", (await test.Storage.QueryIndexAsync(all with { Label = "vip", First = 100 })).Keys);
        Assert.DoesNotContain("k000", (await test.Storage.QueryIndexAsync(all with { Status = "done", First = 100 })).Keys);
        await test.Storage.ClearAsync(k0, etag);
        Assert.DoesNotContain("k000", (await test.Storage.QueryIndexAsync(all with { First = 100 })).Keys);
        Assert.Equal(59, (await test.Storage.QueryIndexAsync(all with { First = 100 })).Keys.Count);
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Index_rewrites_change_only_what_differs_and_listings_follow_every_step(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var grainType = "token-" + Guid.NewGuid().ToString("N")[..8];
        var id = new GrainStateId(grainType, "k", "state");
        var other = new GrainStateId(grainType, "other", "state");
        var created = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        var many = Enumerable.Range(0, 40).Select(i => $"m{i:D2}").ToArray();
        var huge = Enumerable.Range(0, 1100).Select(i => $"h{i:D4}").ToArray();
        var steps = new (string Partition, string Status, string[] Labels, DateTimeOffset Created)[]
        {
            ("p1", "active", ["a", "b"], created),
            ("p1", "active", ["b", "c"], created),              // a removed, b kept, c added
            ("p1", "done", ["c", "c", "d"], created),           // kept label with a new status; duplicates
            ("p1", "done", ["c", "d"], created),                // nothing changes
            ("p2", "done", [], created),                        // every label removed, partition changed
            ("p2", "active", many, created),                    // a padded list of 64
            ("p2", "active", ["m01", "x", "m39"], created.AddDays(1)), // kept labels with a new creation time
            ("p2", "active", huge, created),                    // more labels than the largest list
            ("p3", "active", ["a"], created),
        };
        // The other grain keeps its own labels, and its duplicate log sequence makes its write fail in the same
        // batch as ours where they meet (the batch is then re-run write by write).
        var otherEtag = (await test.Storage.WriteAsync(other, new StateWrite("{}")
        {
            Append = [new LogEntry(1, "{}")],
            Index = new IndexEntry("p1", "active", ["a", "b", "c"], created),
        }, null)).ETag;
        string? etag = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var m01Cursors = new List<string>();
        foreach (var (partition, status, labels, at) in steps)
        {
            var write = test.Storage.WriteAsync(id, new StateWrite("{}") { Index = new IndexEntry(partition, status, labels, at) }, etag);
            var failing = test.Storage.WriteAsync(other, new StateWrite("{}") { Append = [new LogEntry(1, "{}")] }, otherEtag);
            etag = (await write).ETag;
            await Assert.ThrowsAsync<StorageException>(() => failing);

            var current = labels.ToHashSet(StringComparer.Ordinal);
            seen.UnionWith(labels.Take(70));
            foreach (var label in seen.Concat(["h1099"]))
            {
                var byLabel = await test.Storage.QueryIndexAsync(new IndexQuery(grainType, "state") { Label = label, Status = status, Partition = partition, First = 10 });
                Assert.Equal(current.Contains(label), byLabel.Keys.Contains("k"));
                var anyOther = await test.Storage.QueryIndexAsync(new IndexQuery(grainType, "state") { Label = label, Status = status == "done" ? "active" : "done", First = 10 });
                Assert.DoesNotContain("k", anyOther.Keys);
            }
            var listing = await test.Storage.QueryIndexAsync(new IndexQuery(grainType, "state") { Partition = partition, Status = status, First = 10 });
            Assert.Contains("k", listing.Keys);
            // The cursor carries the row's creation time: a kept label row must take the new one.
            var m01 = await test.Storage.QueryIndexAsync(new IndexQuery(grainType, "state") { Label = "m01", First = 10 });
            if (labels.Contains("m01"))
                m01Cursors.Add(m01.EndCursor!);
        }
        Assert.Equal(2, m01Cursors.Count);
        Assert.NotEqual(m01Cursors[0], m01Cursors[1]);
        // The other grain's labels were never touched.
        foreach (var label in new[] { "a", "b", "c" })
            Assert.Contains("other", (await test.Storage.QueryIndexAsync(new IndexQuery(grainType, "state") { Label = label, Partition = "p1", Status = "active", First = 10 })).Keys);
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Reminders_upsert_read_and_remove(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var r = test.Storage;
        var start = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var first = await r.UpsertAsync("timer", "g1", "tick", start, TimeSpan.FromMinutes(5));
        var second = await r.UpsertAsync("timer", "g1", "tick", start.AddHours(1), TimeSpan.FromSeconds(30));
        Assert.NotEqual(first, second);
        await r.UpsertAsync("timer", "g1", "daily", start, TimeSpan.FromDays(1));
        await r.UpsertAsync("timer", "g2", "tick", start, TimeSpan.Zero);

        var g1 = await r.ReadAsync("timer", "g1");
        Assert.Equal(["daily", "tick"], g1.Select(e => e.Name));
        var tick = g1.Single(e => e.Name == "tick");
        Assert.Equal(start.AddHours(1), tick.StartAt);
        Assert.Equal(TimeSpan.FromSeconds(30), tick.Period);
        Assert.Equal(second, tick.ETag);
        Assert.Equal(3, (await r.ReadAllAsync()).Count);

        Assert.True(await r.RemoveAsync("timer", "g1", "tick"));
        Assert.False(await r.RemoveAsync("timer", "g1", "tick"));
        Assert.Equal(["daily"], (await r.ReadAsync("timer", "g1")).Select(e => e.Name));
        Assert.Equal(2, (await r.ReadAllAsync()).Count);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => r.UpsertAsync("timer", "", "x", start, TimeSpan.Zero));
    }
}
