using System.Threading.Channels;
using CircuitBreaker.Grains.Workflow;
using CircuitBreaker.Runtime;
using CircuitBreaker.Runtime.Streams;
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

        var onToken = Channel.CreateUnbounded<StreamEvent<TokenEvent>>();
        var onWorkflow = Channel.CreateUnbounded<StreamEvent<TokenEvent>>();
        await using var s1 = await silo.Host.StreamProvider.GetStream<TokenEvent>(WorkflowGrainTypes.TokenStream, tokenId)
            .SubscribeAsync(e => onToken.Writer.WriteAsync(e).AsTask());
        await using var s2 = await silo.Host.StreamProvider.GetStream<TokenEvent>(WorkflowGrainTypes.WorkflowStream, workflowId)
            .SubscribeAsync(e => onWorkflow.Writer.WriteAsync(e).AsTask());

        var token = silo.Grains.GetGrain<ITokenGrain>(tokenId);
        await token.Create(new CreateTokenRequest(workflowId));
        await token.Fire(new FireTransitionRequest("submit"));
        await token.Fire(new FireTransitionRequest("approve"));

        foreach (var channel in new[] { onToken, onWorkflow })
        {
            var events = new List<StreamEvent<TokenEvent>>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (events.Count < 3) events.Add(await channel.Reader.ReadAsync(timeout.Token));
            Assert.Equal(["created", "fired", "completed"], events.Select(e => e.Item.Kind));
            Assert.Equal([0L, 1, 2], events.Select(e => e.Item.TokenSequence));
            Assert.True(events[0].Sequence < events[1].Sequence && events[1].Sequence < events[2].Sequence);
            Assert.Equal("approved", events[2].Item.Token.State);
        }
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

        var directory = new WorkflowDirectory(silo.Host.Services.GetRequiredService<CircuitBreaker.Runtime.Storage.IGrainStorage>(), silo.Grains);
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
