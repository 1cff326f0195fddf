using CircuitBreaker.Llm.Catalog;
using CircuitBreaker.Llm.Model;
using CircuitBreaker.Llm.Routing;

namespace CircuitBreaker.Llm.Tests;

/// <summary>The pure planner: which candidates, in which order, for each strategy and option.</summary>
public sealed class CandidatePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 10, 12, 0, 0, TimeSpan.Zero);

    private static LlmCatalog Catalog(params VirtualModelEntry[] virtuals) => new(
        [P("a"), P("b"), P("c"), P("nokey"), P("off") with { Enabled = false }],
        [
            M("a", "big", 10, 30, "chat", "tools", "analysis"),
            M("b", "mid", 1, 2, "chat", "tools", "coding"),
            M("c", "small", 0.1m, 0.2m, "chat"),
            M("nokey", "free", 0, 0, "chat", "tools"),
            M("off", "dead", 0, 0, "chat", "tools"),
            M("a", "emb", 0.01m, 0, "embeddings"),
            M("b", "big", 5, 15, "chat", "tools"),
        ],
        virtuals);

    private static ProviderEntry P(string id) => new() { Id = id, BaseUrl = "http://x/" + id };

    private static ModelEntry M(string p, string m, decimal i, decimal o, params string[] caps) =>
        new() { Provider = p, Model = m, InputPerMTok = i, OutputPerMTok = o, Capabilities = [.. caps] };

    private static bool Usable(ProviderEntry p) => p.Id != "nokey";

    private static ChatRequest Req(string model, RoutingOptions? o = null, bool tools = false, bool stream = false) => new()
    {
        Model = model,
        Messages = [new ChatMessage { Role = "user", Content = "hi" }],
        MaxTokens = 100,
        Routing = o,
        Stream = stream,
        Tools = tools ? [new ToolDefinition("f", null, null)] : null,
    };

    private static VirtualModelEntry V(string strategy, params string[] models) => new() { Name = "v", Strategy = strategy, Models = [.. models] };

    private static List<string> Keys(RoutePlan plan) => [.. plan.Candidates.Select(c => c.Key)];

    [Fact]
    public void Failover_keeps_the_listed_order_and_skips_unusable_providers_with_reasons()
    {
        var plan = CandidatePlanner.Plan(Catalog(V("failover", "c/small", "nokey/free", "a/big", "off/dead", "b/mid")), Req("v"), Usable, new RouteStats(), new Random(1), Now);
        Assert.Equal(["c/small", "a/big", "b/mid"], Keys(plan));
        Assert.Equal(RoutingStrategy.Failover, plan.Strategy);
        Assert.Contains(plan.Skipped, s => s.Provider == "nokey" && s.Reason.Contains("API key"));
        Assert.Contains(plan.Skipped, s => s.Provider == "off" && s.Reason.Contains("disabled"));
    }

    [Fact]
    public void Cost_optimized_orders_by_estimated_cost_of_this_request()
    {
        var plan = CandidatePlanner.Plan(Catalog(V("cost_optimized", "a/big", "b/mid", "c/small")), Req("v"), Usable, new RouteStats(), new Random(1), Now);
        Assert.Equal(["c/small", "b/mid", "a/big"], Keys(plan));
    }

    [Fact]
    public void Latency_optimized_uses_moving_average_and_time_to_first_token_for_streams()
    {
        var stats = new RouteStats(alpha: 1.0);
        stats.RecordLatency("a/big", 100);
        stats.RecordLatency("b/mid", 300);
        stats.RecordLatency("c/small", 200);
        stats.RecordTimeToFirstToken("a/big", 90);
        stats.RecordTimeToFirstToken("b/mid", 10);
        stats.RecordTimeToFirstToken("c/small", 50);
        var catalog = Catalog(V("latency_optimized", "b/mid", "c/small", "a/big"));
        Assert.Equal(["a/big", "c/small", "b/mid"], Keys(CandidatePlanner.Plan(catalog, Req("v"), Usable, stats, new Random(1), Now)));
        Assert.Equal(["b/mid", "c/small", "a/big"], Keys(CandidatePlanner.Plan(catalog, Req("v", stream: true), Usable, stats, new Random(1), Now)));
    }

    [Fact]
    public void Moving_average_weights_the_newest_sample_by_alpha()
    {
        var stats = new RouteStats(alpha: 0.5);
        stats.RecordLatency("k", 100);
        stats.RecordLatency("k", 300);
        Assert.Equal(200, stats.LatencyMs("k"));
    }

    [Fact]
    public void Least_busy_prefers_fewest_calls_in_flight()
    {
        var stats = new RouteStats();
        using var a1 = stats.Begin("a");
        using var a2 = stats.Begin("a");
        using var b1 = stats.Begin("b");
        var plan = CandidatePlanner.Plan(Catalog(V("least_busy", "a/big", "b/mid", "c/small")), Req("v"), Usable, stats, new Random(1), Now);
        Assert.Equal(["c/small", "b/mid", "a/big"], Keys(plan));
    }

    [Fact]
    public void Weighted_draws_first_candidates_in_proportion_to_weight()
    {
        var v = V("weighted", "a/big", "b/mid") with { Weights = new() { ["a/big"] = 3, ["b/mid"] = 1 } };
        var catalog = Catalog(v);
        var random = new Random(42);
        var firstA = Enumerable.Range(0, 4000).Count(_ => CandidatePlanner.Plan(catalog, Req("v"), Usable, new RouteStats(), random, Now).Candidates[0].Key == "a/big");
        Assert.InRange(firstA / 4000.0, 0.71, 0.79);
    }

    [Fact]
    public void Task_specific_puts_tagged_models_first_then_cheapest()
    {
        var catalog = Catalog(V("task_specific", "a/big", "c/small", "b/mid"));
        var plan = CandidatePlanner.Plan(catalog, Req("v", new RoutingOptions { TaskType = "analysis" }), Usable, new RouteStats(), new Random(1), Now);
        Assert.Equal(["a/big", "c/small", "b/mid"], Keys(plan));
        plan = CandidatePlanner.Plan(catalog, Req("v", new RoutingOptions { TaskType = "coding" }), Usable, new RouteStats(), new Random(1), Now);
        Assert.Equal(["b/mid", "c/small", "a/big"], Keys(plan));
    }

    [Fact]
    public void Request_strategy_overrides_the_virtual_models()
    {
        var plan = CandidatePlanner.Plan(Catalog(V("failover", "a/big", "c/small")), Req("v", new RoutingOptions { RoutingStrategy = "cost_optimized" }), Usable, new RouteStats(), new Random(1), Now);
        Assert.Equal(["c/small", "a/big"], Keys(plan));
        Assert.Equal(RoutingStrategy.CostOptimized, plan.Strategy);
    }

    [Fact]
    public void Bare_model_resolves_to_every_provider_serving_it_and_fallbacks_follow()
    {
        var plan = CandidatePlanner.Plan(Catalog(), Req("big", new RoutingOptions { FallbackModels = ["small", "a/big", "nosuch"] }), Usable, new RouteStats(), new Random(1), Now);
        Assert.Equal(["a/big", "b/big", "c/small"], Keys(plan));
        Assert.True(plan.Candidates[2].IsFallback);
        Assert.Contains(plan.Skipped, s => s.Model == "nosuch");
    }

    [Fact]
    public void Preferred_providers_move_to_the_front_stably()
    {
        var plan = CandidatePlanner.Plan(Catalog(V("failover", "a/big", "b/mid", "c/small")), Req("v", new RoutingOptions { PreferredProviders = ["c", "b"] }), Usable, new RouteStats(), new Random(1), Now);
        Assert.Equal(["c/small", "b/mid", "a/big"], Keys(plan));
    }

    [Fact]
    public void Max_cost_max_latency_tools_and_cool_down_filter_candidates()
    {
        var stats = new RouteStats(alpha: 1);
        stats.RecordLatency("b/mid", 5000);
        var catalog = Catalog(V("failover", "a/big", "b/mid", "c/small"));
        var plan = CandidatePlanner.Plan(catalog, Req("v", new RoutingOptions { MaxCostPer1kTokens = 0.01m }), Usable, stats, new Random(1), Now);
        Assert.Equal(["b/mid", "c/small"], Keys(plan)); // big costs (10+30)/2/1000 = 0.02 per 1k
        plan = CandidatePlanner.Plan(catalog, Req("v", new RoutingOptions { MaxLatencyMs = 1000 }), Usable, stats, new Random(1), Now);
        Assert.Equal(["a/big", "c/small"], Keys(plan));
        plan = CandidatePlanner.Plan(catalog, Req("v", tools: true), Usable, stats, new Random(1), Now);
        Assert.Equal(["a/big", "b/mid"], Keys(plan));
        stats.CoolDown("a", Now.AddSeconds(10));
        plan = CandidatePlanner.Plan(catalog, Req("v"), Usable, stats, new Random(1), Now);
        Assert.Equal(["b/mid", "c/small"], Keys(plan));
        Assert.Equal(["a/big", "b/mid", "c/small"], Keys(CandidatePlanner.Plan(catalog, Req("v"), Usable, stats, new Random(1), Now.AddSeconds(11))));
    }

    [Fact]
    public void Empty_virtual_model_means_every_usable_chat_model()
    {
        var plan = CandidatePlanner.Plan(Catalog(new VirtualModelEntry { Name = "auto", Strategy = "cost_optimized" }), Req("auto"), Usable, new RouteStats(), new Random(1), Now);
        Assert.Equal(["c/small", "b/mid", "b/big", "a/big"], Keys(plan));
    }

    [Fact]
    public void Unknown_model_and_strategy_are_clear_errors()
    {
        var e = Assert.Throws<LlmException>(() => CandidatePlanner.Plan(Catalog(), Req("gpt-99"), Usable, new RouteStats(), new Random(1), Now));
        Assert.Equal(("MODEL_NOT_FOUND", 404), (e.Code, e.Status));
        e = Assert.Throws<LlmException>(() => CandidatePlanner.Plan(Catalog(), Req("big", new RoutingOptions { RoutingStrategy = "telepathy" }), Usable, new RouteStats(), new Random(1), Now));
        Assert.Equal(("INVALID_ROUTING_STRATEGY", 400), (e.Code, e.Status));
    }

    [Theory]
    [InlineData("failover", RoutingStrategy.Failover)]
    [InlineData("cost-optimized", RoutingStrategy.CostOptimized)]
    [InlineData("performance_first", RoutingStrategy.LatencyOptimized)]
    [InlineData("load_balanced", RoutingStrategy.Weighted)]
    [InlineData("least_busy", RoutingStrategy.LeastBusy)]
    [InlineData("task_specific", RoutingStrategy.TaskSpecific)]
    public void Strategy_names_and_aliases_parse(string name, RoutingStrategy expected) => Assert.Equal(expected, RoutingStrategies.Parse(name));
}
