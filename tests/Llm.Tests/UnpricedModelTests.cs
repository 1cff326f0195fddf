using CircuitBreaker.Llm.Catalog;
using CircuitBreaker.Llm.Gates;
using CircuitBreaker.Llm.Routing;
using CircuitBreaker.Llm.Tests.StandIns;

namespace CircuitBreaker.Llm.Tests;

/// <summary>Models a known provider serves but the catalog has no price for: never charged nothing behind a budget's back.</summary>
public sealed class UnpricedModelTests
{
    private static readonly ProviderEntry P1 = new() { Id = "p1", BaseUrl = "http://localhost:1" };

    [Fact]
    public void Catalog_marks_an_unpriced_model_unless_the_operator_priced_or_freed_it()
    {
        var byDefault = new LlmCatalog([P1], [], []).Resolve("p1/new-model").Single();
        Assert.True(byDefault.Unpriced);

        var free = new LlmCatalog([P1], [], [], new UnpricedModelPolicy { AllowFree = true }).Resolve("p1/new-model").Single();
        Assert.False(free.Unpriced);
        Assert.Equal(0m, free.InputPerToken);

        var priced = new LlmCatalog([P1], [], [], new UnpricedModelPolicy { DefaultInputPerMTok = 5, DefaultOutputPerMTok = 15 }).Resolve("p1/new-model").Single();
        Assert.False(priced.Unpriced);
        Assert.Equal(5m / 1_000_000m, priced.InputPerToken);
        Assert.Equal(15m / 1_000_000m, priced.OutputPerToken);

        var listed = new LlmCatalog([P1], [new ModelEntry { Provider = "p1", Model = "known", InputPerMTok = 1 }], []).Resolve("p1/known").Single();
        Assert.False(listed.Unpriced);
    }

    [Fact]
    public async Task A_charged_call_to_an_unpriced_model_is_refused_without_calling_the_provider()
    {
        await using var rig = await RouterRig.StartAsync([("p1", "openai", 1m, 2m)]);
        var e = await Assert.ThrowsAsync<LlmException>(() => rig.Router.CompleteAsync(RouterRig.Ask("p1/unlisted"), ["user:u1"], CancellationToken.None));
        Assert.Equal("MODEL_UNPRICED", e.Code);
        Assert.Equal(400, e.Status);
        Assert.Contains("Llm:UnpricedModels", e.Message);
        var embed = await Assert.ThrowsAsync<LlmException>(() => rig.Router.EmbedAsync(new Model.EmbeddingRequest("p1/unlisted", ["x"], null, null), ["user:u1"], CancellationToken.None));
        Assert.Equal("MODEL_UNPRICED", embed.Code);
        await Assert.ThrowsAsync<LlmException>(() => rig.Router.StreamAsync(RouterRig.Ask("p1/unlisted"), ["project:x"], CancellationToken.None));
        Assert.Equal(0, rig.Providers["p1"].Calls);

        // Nothing is charged without a budget scope, so nothing can be bypassed: the call goes ahead.
        var r = await rig.Router.CompleteAsync(RouterRig.Ask("p1/unlisted"), [], CancellationToken.None);
        Assert.Equal("p1", r.Routing.SelectedProvider);
    }

    [Fact]
    public async Task A_virtual_model_skips_its_unpriced_candidates_for_charged_calls()
    {
        var vm = new VirtualModelEntry { Name = "mixed", Strategy = "failover", Models = ["p1/unlisted", "p2/m-p2"] };
        await using var rig = await RouterRig.StartAsync([("p1", "openai", 1m, 2m), ("p2", "openai", 1m, 2m)], [vm]);
        var r = await rig.Router.CompleteAsync(RouterRig.Ask("mixed"), ["user:u2"], CancellationToken.None);
        Assert.Equal("p2", r.Routing.SelectedProvider);
        var skipped = r.Routing.Attempts.First();
        Assert.Equal(("p1", "skipped", "MODEL_UNPRICED"), (skipped.Provider, skipped.Outcome, skipped.Code));
        Assert.Equal(0, rig.Providers["p1"].Calls);
    }

    [Fact]
    public async Task Cost_records_receive_every_charged_call_with_its_scopes_and_tokens()
    {
        await using var rig = await RouterRig.StartAsync([("p1", "openai", 1000m, 2000m)]);
        var records = new Recorder();
        var router = new LlmRouter(rig.Catalog, new ProviderCredentials(_ => RouterRig.Key), [new Providers.OpenAiAdapter(new Providers.ProviderTransport(new HttpClient()))],
            rig.Breakers, rig.Budgets, costs: records);
        var r = await router.CompleteAsync(RouterRig.Ask("p1/m-p1"), ["user:a", "project:b"], CancellationToken.None);
        var s = await router.StreamAsync(RouterRig.Ask("p1/m-p1"), ["user:a"], CancellationToken.None);
        await foreach (var _ in s.Chunks) { }
        await router.CompleteAsync(RouterRig.Ask("p1/m-p1"), [], CancellationToken.None);
        Assert.Equal(2, records.All.Count);
        Assert.Equal(["user:a", "project:b"], records.All[0].Scopes);
        Assert.Equal((11L, 7L, r.Routing.Cost), (records.All[0].PromptTokens, records.All[0].CompletionTokens, (decimal?)records.All[0].Cost));
        Assert.Equal(s.Routing.Cost, records.All[1].Cost);
    }

    private sealed class Recorder : ICostRecorder
    {
        public List<CostRecord> All { get; } = [];

        public Task RecordAsync(CostRecord record)
        {
            lock (All) All.Add(record);
            return Task.CompletedTask;
        }
    }
}
