using Orleans.Storage;
using CircuitBreaker.TestSupport;
using CircuitBreaker.Storage;
using Npgsql;
using Xunit;

namespace CircuitBreaker.Storage.Tests;

/// <summary>Group commit and schema migration, on both dialects.</summary>
public sealed class GroupCommitAndSchemaTests
{
    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Thousand_concurrent_writes_all_complete_and_are_readable(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var ids = Enumerable.Range(0, 1000).Select(i => new GrainStateId("bulk", $"g{i}", "state")).ToArray();
        var etags = (await Task.WhenAll(ids.Select((id, i) => test.Storage.WriteAsync(id, new StateWrite($$"""{"i":{{i}}}"""), null)))).Select(r => r.ETag).ToArray();
        Assert.Equal(1000, etags.Distinct().Count());
        for (var i = 0; i < ids.Length; i++)
        {
            var stored = await test.Storage.ReadAsync(ids[i]);
            Assert.Equal(etags[i], stored!.ETag);
            Assert.Contains($"{i}", stored.Json);
        }
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task A_conflicting_write_in_a_batch_fails_alone(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var victim = new GrainStateId("bulk", "victim", "state");
        var staleEtag = (await test.Storage.WriteAsync(victim, new StateWrite("1"), null)).ETag;
        var currentEtag = (await test.Storage.WriteAsync(victim, new StateWrite("2"), staleEtag)).ETag;

        // Queued together without awaiting, so the writer loop takes them as one (or a few) batches.
        var others = Enumerable.Range(0, 200).Select(i => test.Storage.WriteAsync(new GrainStateId("bulk", $"ok{i}", "state"), new StateWrite("0"), null)).ToList();
        var conflicting = test.Storage.WriteAsync(victim, new StateWrite("3"), staleEtag);
        others.AddRange(Enumerable.Range(200, 200).Select(i => test.Storage.WriteAsync(new GrainStateId("bulk", $"ok{i}", "state"), new StateWrite("0"), null)));

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => conflicting);
        Assert.Equal(currentEtag, error.StoredEtag);
        await Task.WhenAll(others);
        for (var i = 0; i < 400; i += 37)
            Assert.NotNull(await test.Storage.ReadAsync(new GrainStateId("bulk", $"ok{i}", "state")));
        Assert.Equal(currentEtag, (await test.Storage.ReadAsync(victim))!.ETag);
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task A_write_raising_a_database_error_in_a_batch_fails_alone(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var logged = new GrainStateId("bulk", "logged", "state");
        var etag = (await test.Storage.WriteAsync(logged, new StateWrite("1") { Append = [new LogEntry(1, "\"first\"")] }, null)).ETag;

        // Re-using log sequence 1 is a primary-key violation inside the database, not an ETag conflict.
        var others = Enumerable.Range(0, 150).Select(i => test.Storage.WriteAsync(new GrainStateId("bulk", $"w{i}", "state"), new StateWrite("0") { Append = [new LogEntry(1, "0")] }, null)).ToList();
        var failing = test.Storage.WriteAsync(logged, new StateWrite("2") { Append = [new LogEntry(1, "\"again\"")] }, etag);
        others.AddRange(Enumerable.Range(150, 150).Select(i => test.Storage.WriteAsync(new GrainStateId("bulk", $"w{i}", "state"), new StateWrite("0"), null)));

        Assert.Contains("STORAGE_WRITE_FAILED", (await Assert.ThrowsAsync<StorageException>(() => failing)).Message);
        Assert.Equal(300, (await Task.WhenAll(others)).Distinct().Count());
        Assert.Equal(etag, (await test.Storage.ReadAsync(logged))!.ETag);
        Assert.Equal(["\"first\""], (await test.Storage.ReadLogAsync(logged, 0, 10)).Select(e => e.Json.Replace(" ", "")));
        Assert.Single(await test.Storage.ReadLogAsync(new GrainStateId("bulk", "w3", "state"), 0, 10));
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Schema_migration_runs_twice_without_harm(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var id = new GrainStateId("schema", "k", "state");
        var etag = (await test.Storage.WriteAsync(id, new StateWrite("""{"kept":true}"""), null)).ETag;
        var version = await test.Storage.MigrateAsync();
        Assert.Equal(version, await test.Storage.MigrateAsync());
        await using (var second = await test.OpenAnotherAsync())
            Assert.Equal(etag, (await second.ReadAsync(id))!.ETag);
        Assert.Equal(etag, (await test.Storage.ReadAsync(id))!.ETag);
    }

    [Theory, SqliteDialect, PostgreSqlDialect]
    public async Task Dispose_flushes_pending_writes(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var storage = await test.OpenAnotherAsync();
        var writes = Enumerable.Range(0, 100).Select(i => storage.WriteAsync(new GrainStateId("flush", $"f{i}", "s"), new StateWrite("1"), null)).ToArray();
        await storage.DisposeAsync();
        // Every write queued before dispose committed (none failed with ObjectDisposedException).
        Assert.Equal(100, (await Task.WhenAll(writes)).Distinct().Count());
        Assert.NotNull(await test.Storage.ReadAsync(new GrainStateId("flush", "f99", "s")));
    }

    [PostgreSqlFact]
    public async Task Concurrent_first_migrations_on_postgresql_are_serialised_by_the_advisory_lock()
    {
        var connectionString = PostgreSqlTestDatabase.RequireConnectionString();
        var schema = "cb_mig_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", admin);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            var scoped = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ToString();
            var storages = Enumerable.Range(0, 4).Select(_ => AdoNetStorage.Create(StorageProvider.PostgreSql, scoped, "mig")).ToArray();
            await Task.WhenAll(storages.Select(s => s.InitializeAsync()));
            var etag = (await storages[0].WriteAsync(new GrainStateId("m", "k", "s"), new StateWrite("1"), null)).ETag;
            Assert.Equal(etag, (await storages[3].ReadAsync(new GrainStateId("m", "k", "s")))!.ETag);
            var migrations = await storages[0].MigrateAsync();
            foreach (var storage in storages)
                await storage.DisposeAsync();
            await using var check = new NpgsqlConnection(scoped);
            await check.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM cb_schema_version", check);
            // Each migration recorded once: the four start-ups did not apply any of them twice.
            Assert.Equal((long)migrations, await count.ExecuteScalarAsync());
        }
        finally
        {
            await using var admin = new NpgsqlConnection(connectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
