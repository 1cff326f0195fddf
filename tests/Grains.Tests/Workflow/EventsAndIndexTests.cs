using Orleans;
using Orleans.Streams;
using CircuitBreaker.Grains;
using System.Threading.Channels;
using CircuitBreaker.Grains.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace CircuitBreaker.Grains.Tests.Workflow;

/// <summary>Token events on the streams and token listings from the SQL index.</summary>
public sealed class EventsAndIndexTests
{
    [Theory]
    [SqliteDialect]
    public async Task Creation_fires_and_completion_are_published_in_order_on_token_and_workflow_streams(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var workflowId = "wf-" + Guid.NewGuid().ToString("N");
        var tokenId = "tok-" + Guid.NewGuid().ToString("N");
        await silo.Grains.GetGrain<IWorkflowGrain>(workflowId).Create(Definitions.DocumentApproval);

        var onToken = Channel.CreateUnbounded<TokenEvent>();
        var onWorkflow = Channel.CreateUnbounded<TokenEvent>();
        await using var s1 = await silo.Host.StreamProvider.GetStream<TokenEvent>(WorkflowGrainTypes.TokenStream, tokenId)
            .SubscribeItemsAsync(e => onToken.Writer.WriteAsync(e).AsTask());
        await using var s2 = await silo.Host.StreamProvider.GetStream<TokenEvent>(WorkflowGrainTypes.WorkflowStream, workflowId)
            .SubscribeItemsAsync(e => onWorkflow.Writer.WriteAsync(e).AsTask());

        var token = silo.Grains.GetGrain<ITokenGrain>(tokenId);
        await token.Create(new CreateTokenRequest(workflowId));
        await token.Fire(new FireTransitionRequest("submit"));
        await token.Fire(new FireTransitionRequest("approve"));

        foreach (var channel in new[] { onToken, onWorkflow })
        {
            var events = new List<TokenEvent>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (events.Count < 3) events.Add(await channel.Reader.ReadAsync(timeout.Token));
            Assert.Equal(["created", "fired", "completed"], events.Select(e => e.Kind));
            Assert.Equal([0L, 1, 2], events.Select(e => e.TokenSequence));
            Assert.Equal([1L, 2, 3], events.Select(e => e.WorkflowSequence));
            Assert.Equal("approved", events[2].Token.State);
        }
    }

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task Changes_of_several_tokens_of_one_workflow_are_in_its_feed_gap_free_in_commit_order(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var workflowId = "wf-" + Guid.NewGuid().ToString("N");
        await silo.Grains.GetGrain<IWorkflowGrain>(workflowId).Create(Definitions.DocumentApproval);
        var published = Channel.CreateUnbounded<TokenEvent>();
        await using var subscription = await silo.Host.StreamProvider.GetStream<TokenEvent>(WorkflowGrainTypes.WorkflowStream, workflowId)
            .SubscribeItemsAsync(e => published.Writer.WriteAsync(e).AsTask());

        // Tokens change in parallel (so their writes share group-commit batches); each token's own changes are sequential.
        const int tokens = 12;
        string[] path = ["submit", "reject", "revise", "submit", "approve"];
        var ids = Enumerable.Range(0, tokens).Select(i => $"{workflowId}/t{i}").ToArray();
        await Task.WhenAll(ids.Select(async id =>
        {
            var token = silo.Grains.GetGrain<ITokenGrain>(id);
            await token.Create(new CreateTokenRequest(workflowId));
            for (var n = 0; n < path.Length; n++) await token.Fire(new FireTransitionRequest(path[n]) { IdempotencyKey = $"{id}#{n}" });
        }));
        // Refused and replayed fires change nothing, so they append nothing.
        await Assert.ThrowsAsync<WorkflowException>(() => silo.Grains.GetGrain<ITokenGrain>(ids[0]).Fire(new FireTransitionRequest("submit")));
        Assert.True((await silo.Grains.GetGrain<ITokenGrain>(ids[2]).Fire(new FireTransitionRequest("approve") { IdempotencyKey = $"{ids[2]}#4" })).Replayed);
        await silo.Grains.GetGrain<ITokenGrain>(ids[1]).UpdateData("""{"note":"last"}""");

        var log = new WorkflowEventLog(silo.Host.Services.GetRequiredService<CircuitBreaker.Storage.IStateStore>());
        var feed = new List<WorkflowEventRecord>();
        for (long after = 0; ;)
        {
            var page = await log.ReadAsync(null, workflowId, after, 7);
            if (page.Count == 0) break;
            feed.AddRange(page);
            after = page[^1].Sequence;
        }
        var total = tokens * (1 + path.Length) + 1;
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), feed.Select(e => e.Sequence));
        Assert.Equal(total, await log.LastSequenceAsync(null, workflowId));
        Assert.All(feed, e => Assert.Equal(workflowId, e.WorkflowId));
        foreach (var id in ids)
        {
            var own = feed.Where(e => e.TokenId == id).Where(e => e.Kind != "updated").ToList();
            Assert.Equal(["created", "fired", "fired", "fired", "fired", "completed"], own.Select(e => e.Kind));
            Assert.Equal([0L, 1, 2, 3, 4, 5], own.Select(e => e.TokenSequence));
            Assert.Equal([null, .. path], own.Select(e => e.TransitionId));
        }
        Assert.Equal(("updated", ids[1], 0L), (feed[^1].Kind, feed[^1].TokenId, feed[^1].TokenSequence));

        // Every published event names the feed entry of its own change.
        var live = new List<TokenEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (live.Count < total) live.Add(await published.Reader.ReadAsync(timeout.Token));
        Assert.Equal(feed.Select(e => e.Sequence), live.Select(e => e.WorkflowSequence).Order());
        Assert.All(live, e =>
        {
            var stored = feed[(int)e.WorkflowSequence - 1];
            Assert.Equal((stored.Kind, stored.TokenId, stored.TokenSequence), (e.Kind, e.TokenId, e.TokenSequence));
        });

        // The feed and its numbering survive a restart.
        await silo.RestartAsync();
        var late = silo.Grains.GetGrain<ITokenGrain>(workflowId + "/late");
        await late.Create(new CreateTokenRequest(workflowId));
        await late.Cancel("done");
        var afterRestart = await new WorkflowEventLog(silo.Host.Services.GetRequiredService<CircuitBreaker.Storage.IStateStore>()).ReadAsync(null, workflowId, total);
        Assert.Equal([(total + 1L, "created"), (total + 2L, "cancelled")], afterRestart.Select(e => (e.Sequence, e.Kind)));
    }

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task Listing_100000_tokens_by_workflow_place_and_status_returns_the_right_pages(StorageProvider provider)
    {
        const int count = 100_000;
        await using var silo = await TestSilo.StartAsync(provider);
        var workflowId = "wf-" + Guid.NewGuid().ToString("N");
        await silo.Grains.GetGrain<IWorkflowGrain>(workflowId).Create(Definitions.DocumentApproval);

        // Every 10th token moves on to review; creation order is the key order, so newest first is descending keys.
        var keys = Enumerable.Range(0, count).Select(i => $"t{i:D6}").ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
        {
            var token = silo.Grains.GetGrain<ITokenGrain>(workflowId + "/" + keys[i]);
            await token.Create(new CreateTokenRequest(workflowId));
            if (i % 10 == 0) await token.Fire(new FireTransitionRequest("submit"));
        });

        var directory = new WorkflowDirectory(silo.Host.Services.GetRequiredService<CircuitBreaker.Storage.IStateStore>(), silo.Grains);
        var inReview = await ReadAllAsync((after) => directory.ListTokensAsync(workflowId, place: "review", first: 1000, after: after));
        Assert.Equal(count / 10, inReview.Count);
        Assert.All(inReview, t => Assert.Equal("review", t.State));
        Assert.Equal(inReview.Count, inReview.Select(t => t.Id).Distinct().Count());
        Assert.True(inReview.Zip(inReview.Skip(1)).All(p => p.First.CreatedAt >= p.Second.CreatedAt), "newest first");

        var firstDrafts = await directory.ListTokensAsync(workflowId, place: "draft", status: "active", first: 50);
        Assert.Equal(50, firstDrafts.Items.Count);
        Assert.True(firstDrafts.HasNextPage);
        Assert.All(firstDrafts.Items, t => Assert.Equal("draft", t.State));

        var all = await ReadAllAsync((after) => directory.ListTokensAsync(workflowId, first: 1000, after: after));
        Assert.Equal(count, all.Count);
        Assert.Equal(count, all.Select(t => t.Id).Distinct().Count());
        Assert.Empty((await directory.ListTokensAsync(workflowId, status: "completed")).Items);
    }

    private static async Task<List<TokenView>> ReadAllAsync(Func<string?, Task<Page<TokenView>>> page)
    {
        var all = new List<TokenView>();
        string? after = null;
        while (true)
        {
            var p = await page(after);
            all.AddRange(p.Items);
            if (!p.HasNextPage) return all;
            after = p.EndCursor;
        }
    }
}
