using Orleans.Storage;
using CircuitBreaker.TestSupport;
using System.Text.Json.Nodes;
using CircuitBreaker.Storage;
using Xunit;

namespace CircuitBreaker.Storage.Tests;

/// <summary>The state part of Orleans' storage test kit, on both dialects.</summary>
public sealed class StateConformanceTests
{
    private static GrainStateId NewId(string state = "state") => new("test.grain", Guid.NewGuid().ToString("N"), state);

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected} but got {actual}");

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Read_of_missing_state_gives_null(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        Assert.Null(await test.Storage.ReadAsync(NewId()));
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Write_then_read_round_trips_payload_and_etag(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var id = NewId();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        const string json = """{"name":"tök","n":42,"items":[1,2,3],"nested":{"ok":true}}""";
        var etag = (await test.Storage.WriteAsync(id, new StateWrite(json), null)).ETag;
        var stored = await test.Storage.ReadAsync(id);
        Assert.NotNull(stored);
        AssertSameJson(json, stored.Json);
        Assert.Equal(etag, stored.ETag);
        Assert.InRange(stored.ModifiedAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Etag_changes_on_every_write_and_old_etags_are_rejected(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var id = NewId();
        var etags = new List<string> { (await test.Storage.WriteAsync(id, new StateWrite("""{"v":0}"""), null)).ETag };
        for (var i = 1; i < 5; i++)
            etags.Add((await test.Storage.WriteAsync(id, new StateWrite($$"""{"v":{{i}}}"""), etags[^1])).ETag);
        Assert.Equal(etags.Count, etags.Distinct().Count());
        foreach (var stale in etags.Take(etags.Count - 1))
            await Assert.ThrowsAsync<InconsistentStateException>(() => test.Storage.WriteAsync(id, new StateWrite("""{"v":-1}"""), stale));
        AssertSameJson("""{"v":4}""", (await test.Storage.ReadAsync(id))!.Json);
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Write_with_stale_etag_fails_and_reports_both_etags(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var id = NewId();
        var first = (await test.Storage.WriteAsync(id, new StateWrite("1"), null)).ETag;
        var second = (await test.Storage.WriteAsync(id, new StateWrite("2"), first)).ETag;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => test.Storage.WriteAsync(id, new StateWrite("3"), first));
        Assert.Equal(second, error.StoredEtag);
        Assert.Equal(first, error.CurrentEtag);
        var exists = await Assert.ThrowsAsync<InconsistentStateException>(() => test.Storage.WriteAsync(id, new StateWrite("4"), null));
        Assert.Equal(second, exists.StoredEtag);
        AssertSameJson("2", (await test.Storage.ReadAsync(id))!.Json);
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Clear_then_write_starts_over(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var id = NewId();
        var etag = (await test.Storage.WriteAsync(id, new StateWrite("""{"a":1}"""), null)).ETag;
        await Assert.ThrowsAsync<InconsistentStateException>(() => test.Storage.ClearAsync(id, "not-the-etag"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => test.Storage.ClearAsync(id, null));
        await test.Storage.ClearAsync(id, etag);
        Assert.Null(await test.Storage.ReadAsync(id));
        await Assert.ThrowsAsync<InconsistentStateException>(() => test.Storage.WriteAsync(id, new StateWrite("""{"a":2}"""), etag));
        var again = (await test.Storage.WriteAsync(id, new StateWrite("""{"a":3}"""), null)).ETag;
        Assert.NotEqual(etag, again);
        AssertSameJson("""{"a":3}""", (await test.Storage.ReadAsync(id))!.Json);
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Clear_of_never_written_state_is_a_no_op(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var id = NewId();
        await test.Storage.ClearAsync(id, null);
        await test.Storage.ClearAsync(id, null);
        Assert.Null(await test.Storage.ReadAsync(id));
        await Assert.ThrowsAsync<InconsistentStateException>(() => test.Storage.ClearAsync(id, "some-etag"));
        await test.Storage.WriteAsync(id, new StateWrite("true"), null);
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Named_states_and_service_ids_are_independent(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var a = NewId("a");
        var b = a with { StateName = "b" };
        var etagA = (await test.Storage.WriteAsync(a, new StateWrite("""{"s":"a"}"""), null)).ETag;
        Assert.Null(await test.Storage.ReadAsync(b));
        var etagB = (await test.Storage.WriteAsync(b, new StateWrite("""{"s":"b"}"""), null)).ETag;
        await test.Storage.ClearAsync(a, etagA);
        Assert.Null(await test.Storage.ReadAsync(a));
        Assert.Equal(etagB, (await test.Storage.ReadAsync(b))!.ETag);

        await using var otherService = AdoNetStorage.Create(provider, test.Location, test.Storage.ServiceId + "-other");
        Assert.Null(await otherService.ReadAsync(b));
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Thirty_two_writers_on_thirty_two_grains_lose_nothing(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        const int writesPerGrain = 20;
        var ids = Enumerable.Range(0, 32).Select(_ => NewId()).ToArray();
        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            string? etag = null;
            for (var i = 1; i <= writesPerGrain; i++)
                etag = (await test.Storage.WriteAsync(id, new StateWrite($$"""{"count":{{i}}}"""), etag)).ETag;
        })));
        foreach (var id in ids)
            AssertSameJson($$"""{"count":{{writesPerGrain}}}""", (await test.Storage.ReadAsync(id))!.Json);
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Bad_input_gives_argument_exceptions_and_leaves_state_intact(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var id = NewId();
        var etag = (await test.Storage.WriteAsync(id, new StateWrite("""{"ok":1}"""), null)).ETag;
        await Assert.ThrowsAnyAsync<ArgumentException>(() => test.Storage.ReadAsync(id with { Key = null! }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => test.Storage.ReadAsync(id with { Key = "" }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => test.Storage.ReadAsync(id with { Key = new string('k', 5000) }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => test.Storage.WriteAsync(id with { GrainType = "a\0b" }, new StateWrite("1"), null));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => test.Storage.WriteAsync(id, new StateWrite("{not json"), etag));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => test.Storage.WriteAsync(id, null!, etag));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => test.Storage.WriteAsync(id, new StateWrite("1") { Append = [new LogEntry(0, "1")] }, etag));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => test.Storage.QueryIndexAsync(new IndexQuery("t", "s") { After = "garbage!" }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => test.Storage.QueryIndexAsync(new IndexQuery("t", "s") { First = 0 }));
        var stored = await test.Storage.ReadAsync(id);
        Assert.Equal(etag, stored!.ETag);
        AssertSameJson("""{"ok":1}""", stored.Json);
    }
}
