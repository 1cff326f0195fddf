using Orleans.Storage;
using System.Text.Json.Nodes;
using CircuitBreaker.Storage;
using CircuitBreaker.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CircuitBreaker.Storage.Tests;

/// <summary>Feed events written in the same transaction as a state write, on both dialects.</summary>
public sealed class FeedTests
{
    private static string NewFeed() => "workflow/" + Guid.NewGuid().ToString("N");

    private static StateWrite WithEvent(string state, string feed, string eventJson) => new(state) { Event = new FeedAppend(feed, eventJson) };

    private static string Grain(FeedEntry e) => (string)JsonNode.Parse(e.Json)!["grain"]!;

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Events_of_several_states_get_sequences_1_to_n_per_feed_and_read_in_pages_both_ways(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var feed = NewFeed();
        var other = NewFeed();
        var etags = new Dictionary<string, string?> { ["a"] = null, ["b"] = null, ["c"] = null };
        var sequences = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            var key = "abc"[i % 3].ToString();
            var result = await test.Storage.WriteAsync(new GrainStateId("token", key, "state"),
                WithEvent($$"""{"i":{{i}}}""", feed, $$"""{"grain":"{{key}}","i":{{i}}}"""), etags[key]);
            etags[key] = result.ETag;
            sequences.Add(result.EventSequence!.Value);
        }
        // A write without an event reports none; another feed counts on its own.
        Assert.Null((await test.Storage.WriteAsync(new GrainStateId("token", "a", "state"), new StateWrite("{}"), etags["a"])).EventSequence);
        Assert.Equal(1, (await test.Storage.WriteAsync(new GrainStateId("token", "z", "state"), WithEvent("{}", other, "{}"), null)).EventSequence);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), sequences);

        var ascending = new List<FeedEntry>();
        for (long after = 0; ;)
        {
            var page = await test.Storage.ReadFeedAsync(feed, after, 7);
            if (page.Count == 0) break;
            ascending.AddRange(page);
            after = page[^1].Sequence;
        }
        Assert.Equal(sequences, ascending.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => "abc"[i % 3].ToString()), ascending.Select(Grain));
        Assert.All(ascending, e => Assert.InRange(e.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)));

        var descending = new List<long>();
        for (long before = 0; ;)
        {
            var page = await test.Storage.ReadFeedAsync(feed, before, 10, descending: true);
            if (page.Count == 0) break;
            descending.AddRange(page.Select(e => e.Sequence));
            before = page[^1].Sequence;
        }
        Assert.Equal(Enumerable.Range(1, 25).Reverse().Select(i => (long)i), descending);
        Assert.Equal([25L], (await test.Storage.ReadFeedAsync(feed, 0, 1, descending: true)).Select(e => e.Sequence));
        Assert.Empty(await test.Storage.ReadFeedAsync(NewFeed(), 0, 10));

        // Clearing a state leaves the feed alone: it belongs to no single state.
        await test.Storage.ClearAsync(new GrainStateId("token", "b", "state"), etags["b"]);
        Assert.Equal(25, (await test.Storage.ReadFeedAsync(feed, 0, 100)).Count);
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task A_write_with_a_stale_etag_appends_no_event_and_leaves_no_hole(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var feed = NewFeed();
        var id = new GrainStateId("token", "t", "state");
        var first = await test.Storage.WriteAsync(id, WithEvent("1", feed, """{"grain":"first"}"""), null);
        var second = await test.Storage.WriteAsync(id, WithEvent("2", feed, """{"grain":"second"}"""), first.ETag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => test.Storage.WriteAsync(id, WithEvent("3", feed, """{"grain":"stale"}"""), first.ETag));
        await Assert.ThrowsAsync<InconsistentStateException>(() => test.Storage.WriteAsync(id, WithEvent("3", feed, """{"grain":"exists"}"""), null));

        Assert.Equal(["first", "second"], (await test.Storage.ReadFeedAsync(feed, 0, 10)).Select(Grain));
        var third = await test.Storage.WriteAsync(id, WithEvent("3", feed, """{"grain":"third"}"""), second.ETag);
        Assert.Equal(3, third.EventSequence);
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Concurrent_writes_in_one_batch_get_distinct_gap_free_sequences_and_failing_ones_append_nothing(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var feed = NewFeed();
        var victim = new GrainStateId("token", "victim", "state");
        var stale = (await test.Storage.WriteAsync(victim, new StateWrite("1"), null)).ETag;
        await test.Storage.WriteAsync(victim, new StateWrite("2"), stale);
        var logged = new GrainStateId("token", "logged", "state");
        var logEtag = (await test.Storage.WriteAsync(logged, new StateWrite("1") { Append = [new LogEntry(1, "1")] }, null)).ETag;

        // Queued without awaiting so the writer takes them as one (or a few) batches: on PostgreSQL one pipelined
        // statement each; the ETag conflict fails alone, the duplicate log sequence makes the batch re-run write by write.
        Task<StateWriteResult> Ok(int i) => test.Storage.WriteAsync(new GrainStateId("token", $"ok{i}", "state"),
            WithEvent("0", feed, $$"""{"grain":"ok{{i}}"}"""), null);
        var writes = Enumerable.Range(0, 150).Select(Ok).ToList();
        var conflicting = test.Storage.WriteAsync(victim, WithEvent("3", feed, """{"grain":"victim"}"""), stale);
        writes.AddRange(Enumerable.Range(150, 100).Select(Ok));
        var failing = test.Storage.WriteAsync(logged, new StateWrite("2") { Append = [new LogEntry(1, "2")], Event = new FeedAppend(feed, """{"grain":"logged"}""") }, logEtag);
        writes.AddRange(Enumerable.Range(250, 100).Select(Ok));

        await Assert.ThrowsAsync<InconsistentStateException>(() => conflicting);
        await Assert.ThrowsAsync<StorageException>(() => failing);
        var results = await Task.WhenAll(writes);
        Assert.Equal(Enumerable.Range(1, 350).Select(i => (long)i), results.Select(r => r.EventSequence!.Value).Order());

        var feedEntries = await test.Storage.ReadFeedAsync(feed, 0, 1000);
        Assert.Equal(Enumerable.Range(1, 350).Select(i => (long)i), feedEntries.Select(e => e.Sequence));
        // Each write's returned sequence is the row holding its own event.
        for (var i = 0; i < results.Length; i++)
            Assert.Equal($"ok{i}", Grain(feedEntries[(int)results[i].EventSequence!.Value - 1]));
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task A_reopened_storage_reads_the_feed_and_continues_its_sequence(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var feed = NewFeed();
        var etag = (await test.Storage.WriteAsync(new GrainStateId("token", "t", "state"), WithEvent("1", feed, """{"grain":"before"}"""), null)).ETag;
        await using var reopened = await test.OpenAnotherAsync();
        Assert.Equal(["before"], (await reopened.ReadFeedAsync(feed, 0, 10)).Select(Grain));
        Assert.Equal(2, (await reopened.WriteAsync(new GrainStateId("token", "t", "state"), WithEvent("2", feed, """{"grain":"after"}"""), etag)).EventSequence);
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Bad_feed_input_is_refused_before_the_database(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var id = new GrainStateId("token", "t", "state");
        await Assert.ThrowsAnyAsync<ArgumentException>(() => test.Storage.WriteAsync(id, WithEvent("1", "", "{}"), null));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => test.Storage.WriteAsync(id, WithEvent("1", new string('f', StorageInputValidator.MaxFeedLength + 1), "{}"), null));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => test.Storage.WriteAsync(id, WithEvent("1", NewFeed(), "{nope"), null));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => test.Storage.ReadFeedAsync("", 0, 10));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => test.Storage.ReadFeedAsync(NewFeed(), 0, 0));
        Assert.Null(await test.Storage.ReadAsync(id));
    }

    [Fact]
    public async Task A_version_1_database_is_migrated_to_feeds_on_start()
    {
        await using var test = await TestStorage.CreateAsync(StorageProvider.Sqlite);
        var id = new GrainStateId("token", "old", "state");
        await test.Storage.WriteAsync(id, new StateWrite("""{"kept":true}"""), null);
        await test.Storage.DisposeAsync();
        // Turn the file back into schema version 1: no cb_event table, only version 1 recorded.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(test.Location, "circuit-breaker.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var downgrade = connection.CreateCommand();
            downgrade.CommandText = "DROP TABLE cb_event; DELETE FROM cb_schema_version WHERE version > 1;";
            await downgrade.ExecuteNonQueryAsync();
        }

        await using var upgraded = await test.OpenAnotherAsync();
        Assert.Equal(2, await upgraded.MigrateAsync());
        var stored = await upgraded.ReadAsync(id);
        Assert.Contains("kept", stored!.Json);
        var feed = NewFeed();
        Assert.Equal(1, (await upgraded.WriteAsync(id, WithEvent("{}", feed, "{}"), stored.ETag)).EventSequence);
    }
}
