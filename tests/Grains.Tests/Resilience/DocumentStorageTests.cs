using CircuitBreaker.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace CircuitBreaker.Grains.Tests.Resilience;

/// <summary>
/// Microsoft.Orleans.Persistence.AdoNet on our PostgreSQL schema (<c>Storage:Documents=OrleansAdoNet</c>): the same
/// storage cases the project's store passes (read missing, first write, current/stale ETag, clear, one winner among
/// concurrent writers), through the provider Orleans builds from the queries our migrator writes.
/// </summary>
public sealed class DocumentStorageTests
{
    /// <summary>A one-document state.</summary>
    public sealed class Counter
    {
        /// <summary>The value.</summary>
        public int Value { get; set; }
    }

    [PostgreSqlFact]
    public async Task Orleans_AdoNet_documents_keep_etags_and_let_exactly_one_concurrent_writer_win()
    {
        await using var silo = await ResilienceSilo.StartAsync(StorageProvider.PostgreSql, orleansDocuments: true);
        var storage = silo.Host.Services.GetRequiredKeyedService<IGrainStorage>(DocumentStorage.Name);
        Assert.IsNotType<OrleansGrainStorage>(storage);
        var id = GrainId.Create("cb-document-test", Guid.NewGuid().ToString("N"));

        var missing = new GrainState<Counter>(new Counter());
        await storage.ReadStateAsync("counter", id, missing);
        Assert.False(missing.RecordExists);
        Assert.Null(missing.ETag);

        var first = new GrainState<Counter>(new Counter { Value = 1 });
        await storage.WriteStateAsync("counter", id, first);
        var read = new GrainState<Counter>(new Counter());
        await storage.ReadStateAsync("counter", id, read);
        Assert.Equal((1, first.ETag, true), (read.State!.Value, read.ETag, read.RecordExists));

        // A second first write (another activation that read nothing) and a stale ETag are refused.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", id, new GrainState<Counter>(new Counter { Value = 9 })));
        var stale = new GrainState<Counter>(new Counter { Value = 9 }) { ETag = "999" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", id, stale));

        var etag = first.ETag;
        for (var round = 0; round < 3; round++)
        {
            var writers = Enumerable.Range(0, 100).Select(i => new GrainState<Counter>(new Counter { Value = 100 * round + i }) { ETag = etag }).ToList();
            var outcomes = await Task.WhenAll(writers.Select(async w =>
            {
                try { await storage.WriteStateAsync("counter", id, w); return true; }
                catch (InconsistentStateException) { return false; }
            }));
            var winner = Assert.Single(writers.Where((_, i) => outcomes[i]));
            var now = new GrainState<Counter>(new Counter());
            await storage.ReadStateAsync("counter", id, now);
            Assert.Equal((winner.State!.Value, winner.ETag), (now.State!.Value, now.ETag));
            etag = winner.ETag;
        }

        var current = new GrainState<Counter>(new Counter()) { ETag = etag };
        await storage.ClearStateAsync("counter", id, current);
        var cleared = new GrainState<Counter>(new Counter { Value = -1 });
        await storage.ReadStateAsync("counter", id, cleared);
        Assert.Equal(0, cleared.State!.Value);
    }
}
