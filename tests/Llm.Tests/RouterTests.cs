using System.Text.Json;
using CircuitBreaker.Llm.Catalog;
using CircuitBreaker.Llm.Model;
using CircuitBreaker.Llm.Routing;
using CircuitBreaker.Llm.Tests.StandIns;
using CircuitBreaker.Resilience.Budget;

namespace CircuitBreaker.Llm.Tests;

/// <summary>The router over real stand-in servers: failover, breakers, budgets, stream fallback, secrecy.</summary>
public sealed class RouterTests
{
    private static readonly VirtualModelEntry Chain = new() { Name = "chain", Strategy = "failover", Models = ["p1/m-p1", "p2/m-p2"] };

    private static Task<RouterRig> TwoProviders(string adapter1 = "openai", string adapter2 = "anthropic", double timeoutMs = 5000) =>
        RouterRig.StartAsync([("p1", adapter1, 1m, 2m), ("p2", adapter2, 1m, 2m)], [Chain], timeoutMs: timeoutMs);

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Retryable_status_falls_back_to_the_next_candidate(int status)
    {
        await using var rig = await TwoProviders();
        rig.Providers["p1"].Enqueue(new Behavior { Status = status, ErrorMessage = "upstream trouble" });
        var r = await rig.Router.CompleteAsync(RouterRig.Ask("chain"), [], CancellationToken.None);
        Assert.Equal("Hello from the stand-in", r.Response.Content);
        Assert.Equal("p2", r.Routing.SelectedProvider);
        Assert.True(r.Routing.FallbackUsed);
        Assert.Equal(["failed", "success"], r.Routing.Attempts.Select(a => a.Outcome));
        Assert.Equal(status, r.Routing.Attempts[0].Status);
        Assert.Equal((1, 1), (rig.Providers["p1"].Calls, rig.Providers["p2"].Calls));
    }

    [Fact]
    public async Task Timeout_falls_back()
    {
        await using var rig = await TwoProviders(timeoutMs: 1500);
        rig.Providers["p1"].Enqueue(new Behavior { Delay = TimeSpan.FromSeconds(10) });
        var r = await rig.Router.CompleteAsync(RouterRig.Ask("chain"), [], CancellationToken.None);
        Assert.Equal("p2", r.Routing.SelectedProvider);
        Assert.Equal("PROVIDER_TIMEOUT", r.Routing.Attempts[0].Code);
    }

    [Fact]
    public async Task Connection_refused_falls_back()
    {
        await using var rig = await TwoProviders();
        await rig.Providers["p1"].DisposeAsync();
        rig.Providers.Remove("p1", out var _);
        var r = await rig.Router.CompleteAsync(RouterRig.Ask("chain"), [], CancellationToken.None);
        Assert.Equal("p2", r.Routing.SelectedProvider);
        Assert.Equal("PROVIDER_UNREACHABLE", r.Routing.Attempts[0].Code);
    }

    [Fact]
    public async Task Retry_after_cools_the_provider_down_for_later_requests()
    {
        await using var rig = await TwoProviders();
        rig.Providers["p1"].Enqueue(new Behavior { Status = 429, RetryAfterSeconds = 20 });
        await rig.Router.CompleteAsync(RouterRig.Ask("chain"), [], CancellationToken.None);
        var second = await rig.Router.CompleteAsync(RouterRig.Ask("chain"), [], CancellationToken.None);
        Assert.Equal(1, rig.Providers["p1"].Calls);
        Assert.Contains(second.Routing.Attempts, a => a.Provider == "p1" && a.Outcome == "skipped" && a.Reason!.Contains("retry after"));
        rig.Clock.Advance(TimeSpan.FromSeconds(21));
        var third = await rig.Router.CompleteAsync(RouterRig.Ask("chain"), [], CancellationToken.None);
        Assert.Equal("p1", third.Routing.SelectedProvider);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    public async Task Non_retryable_error_returns_at_once_with_the_providers_message(int status)
    {
        await using var rig = await TwoProviders();
        rig.Providers["p1"].Enqueue(new Behavior { Status = status, ErrorMessage = "messages[0].content is invalid" });
        var e = await Assert.ThrowsAsync<LlmException>(() => rig.Router.CompleteAsync(RouterRig.Ask("chain"), [], CancellationToken.None));
        Assert.Equal(status, e.Status);
        Assert.Equal("PROVIDER_ERROR", e.Code);
        Assert.Contains("messages[0].content is invalid", e.Message);
        Assert.Equal(0, rig.Providers["p2"].Calls);
    }

    [Fact]
    public async Task All_failing_is_502_with_every_attempt()
    {
        await using var rig = await TwoProviders();
        rig.Providers["p1"].Enqueue(new Behavior { Status = 500 });
        rig.Providers["p2"].Enqueue(new Behavior { Status = 502 });
        var e = await Assert.ThrowsAsync<LlmException>(() => rig.Router.CompleteAsync(RouterRig.Ask("chain"), [], CancellationToken.None));
        Assert.Equal(("ALL_PROVIDERS_FAILED", 502), (e.Code, e.Status));
        Assert.Equal(2, ((RoutingInfo)e.Details["routing_info"]!).Attempts.Count);
    }

    [Fact]
    public async Task Breaker_opens_after_failures_skips_the_provider_without_calling_it_and_tries_again_half_open()
    {
        await using var rig = await TwoProviders();
        var p1 = rig.Providers["p1"];
        p1.Default = new Behavior { Status = 500 };
        for (var i = 0; i < 3; i++) await rig.Router.CompleteAsync(RouterRig.Ask("chain"), [], CancellationToken.None);
        Assert.Equal(3, p1.Calls);
        Assert.Equal("OPEN", rig.Breakers.StateOf("p1"));

        for (var i = 0; i < 5; i++)
        {
            var r = await rig.Router.CompleteAsync(RouterRig.Ask("chain"), [], CancellationToken.None);
            Assert.Equal("p2", r.Routing.SelectedProvider);
            Assert.Equal("breaker_open", r.Routing.Attempts[0].Outcome);
        }
        Assert.Equal(3, p1.Calls);

        p1.Default = new Behavior();
        rig.Clock.Advance(TimeSpan.FromSeconds(31));
        var trial = await rig.Router.CompleteAsync(RouterRig.Ask("chain"), [], CancellationToken.None);
        Assert.Equal("p1", trial.Routing.SelectedProvider);
        Assert.Equal(4, p1.Calls);
        Assert.Equal("CLOSED", rig.Breakers.StateOf("p1"));
    }

    [Fact]
    public async Task Every_candidate_refused_by_breakers_is_503_and_nothing_is_called()
    {
        await using var rig = await TwoProviders();
        foreach (var p in rig.Providers.Values) p.Default = new Behavior { Status = 500 };
        for (var i = 0; i < 3; i++) await Assert.ThrowsAsync<LlmException>(() => rig.Router.CompleteAsync(RouterRig.Ask("chain"), [], CancellationToken.None));
        var calls = rig.Providers.Values.Sum(p => p.Calls);
        var e = await Assert.ThrowsAsync<LlmException>(() => rig.Router.CompleteAsync(RouterRig.Ask("chain"), [], CancellationToken.None));
        Assert.Equal(("NO_PROVIDER_AVAILABLE", 503), (e.Code, e.Status));
        Assert.Equal(calls, rig.Providers.Values.Sum(p => p.Calls));
    }

    [Fact]
    public async Task Exhausted_budget_is_402_and_no_provider_is_called()
    {
        await using var rig = await TwoProviders();
        rig.Budgets.SetBudget("user:u1", new BudgetConfig { DailyLimit = 0.000001m });
        var e = await Assert.ThrowsAsync<LlmException>(() => rig.Router.CompleteAsync(RouterRig.Ask("chain"), ["user:u1", "project:p"], CancellationToken.None));
        Assert.Equal(("BUDGET_EXCEEDED", 402), (e.Code, e.Status));
        Assert.Equal("user:u1", e.Details["scope"]);
        Assert.Equal(0.000001m, e.Details["remaining"]);
        Assert.Equal(0, rig.Providers.Values.Sum(p => p.Calls));
        await Assert.ThrowsAsync<LlmException>(() => rig.Router.StreamAsync(RouterRig.Ask("chain"), ["user:u1"], CancellationToken.None));
        Assert.Equal(0, rig.Providers.Values.Sum(p => p.Calls));
    }

    [Fact]
    public async Task Actual_cost_from_usage_is_committed_on_every_scope()
    {
        await using var rig = await TwoProviders();
        rig.Budgets.SetBudget("user:u1", new BudgetConfig { MonthlyLimit = 10 });
        rig.Budgets.SetBudget("project:x", new BudgetConfig { MonthlyLimit = 10 });
        rig.Providers["p1"].Enqueue(new Behavior { PromptTokens = 1000, CompletionTokens = 500 });
        var r = await rig.Router.CompleteAsync(RouterRig.Ask("chain"), ["user:u1", "project:x"], CancellationToken.None);
        var expected = 1000 * 1m / 1_000_000 + 500 * 2m / 1_000_000;
        Assert.Equal(expected, r.Routing.Cost);
        Assert.Equal(expected, rig.Budgets.MonthlySpent("user:u1"));
        Assert.Equal(expected, rig.Budgets.MonthlySpent("project:x"));
        Assert.Equal(0m, rig.Budgets.Reserved("user:u1"));
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    public async Task Streamed_usage_is_committed_when_the_stream_ends(string adapter)
    {
        await using var rig = await RouterRig.StartAsync([("p1", adapter, 1m, 2m)], [new VirtualModelEntry { Name = "one", Models = ["p1/m-p1"] }]);
        rig.Budgets.SetBudget("user:u1", new BudgetConfig { MonthlyLimit = 10 });
        rig.Providers["p1"].Enqueue(new Behavior { Text = "a b c", PromptTokens = 300, CompletionTokens = 200 });
        var s = await rig.Router.StreamAsync(RouterRig.Ask("one"), ["user:u1"], CancellationToken.None);
        Assert.True(rig.Budgets.Reserved("user:u1") > 0, "held while streaming");
        var text = "";
        await foreach (var c in s.Chunks) text += c.ContentDelta;
        Assert.Equal("a b c", text);
        Assert.Equal(new LlmUsage(300, 200), s.Usage);
        Assert.Equal(300 * 1m / 1_000_000 + 200 * 2m / 1_000_000, rig.Budgets.MonthlySpent("user:u1"));
        Assert.Equal(0m, rig.Budgets.Reserved("user:u1"));
    }

    [Fact]
    public async Task Stream_without_usage_is_charged_by_counting_characters()
    {
        await using var rig = await RouterRig.StartAsync([("p1", "openai", 1m, 2m)], [new VirtualModelEntry { Name = "one", Models = ["p1/m-p1"] }]);
        rig.Budgets.SetBudget("user:u1", new BudgetConfig { MonthlyLimit = 10 });
        var text = new string('x', 400);
        rig.Providers["p1"].Enqueue(new Behavior { Text = text, OmitUsage = true });
        var request = RouterRig.Ask("one");
        var s = await rig.Router.StreamAsync(request, ["user:u1"], CancellationToken.None);
        await foreach (var _ in s.Chunks) { }
        Assert.True(s.Usage!.Estimated);
        Assert.Equal(100, s.Usage.CompletionTokens);
        Assert.Equal(TokenEstimator.Prompt(request), s.Usage.PromptTokens);
        Assert.Equal(s.Routing.Cost, rig.Budgets.MonthlySpent("user:u1"));
        Assert.True(s.Routing.Cost > 0);
    }

    [Theory]
    [InlineData("openai", "anthropic")]
    [InlineData("anthropic", "gemini")]
    [InlineData("gemini", "openai")]
    public async Task Stream_failing_before_its_first_chunk_falls_back(string first, string second)
    {
        await using var rig = await TwoProviders(first, second);
        rig.Providers["p1"].Enqueue(new Behavior { CutAfterChunks = 0 });
        var s = await rig.Router.StreamAsync(RouterRig.Ask("chain"), [], CancellationToken.None);
        var text = "";
        await foreach (var c in s.Chunks) text += c.ContentDelta;
        Assert.Equal("Hello from the stand-in", text);
        Assert.Equal("p2", s.Routing.SelectedProvider);
        Assert.True(s.Routing.FallbackUsed);
    }

    [Fact]
    public async Task Stream_with_an_error_status_falls_back()
    {
        await using var rig = await TwoProviders();
        rig.Providers["p1"].Enqueue(new Behavior { Status = 503 });
        var s = await rig.Router.StreamAsync(RouterRig.Ask("chain"), [], CancellationToken.None);
        await foreach (var _ in s.Chunks) { }
        Assert.Equal("p2", s.Routing.SelectedProvider);
    }

    [Fact]
    public async Task Stream_cut_after_content_reaches_the_caller_as_an_error_and_records_a_failure()
    {
        await using var rig = await TwoProviders();
        rig.Budgets.SetBudget("user:u1", new BudgetConfig { MonthlyLimit = 10 });
        rig.Providers["p1"].Enqueue(new Behavior { Text = "one two three four", CutAfterChunks = 2 });
        var s = await rig.Router.StreamAsync(RouterRig.Ask("chain"), ["user:u1"], CancellationToken.None);
        var text = "";
        await Assert.ThrowsAnyAsync<Exception>(async () => { await foreach (var c in s.Chunks) text += c.ContentDelta; });
        Assert.Equal("one two", text);
        Assert.Equal(0, rig.Providers["p2"].Calls);
        Assert.Equal(0m, rig.Budgets.Reserved("user:u1"));
        Assert.True(rig.Budgets.MonthlySpent("user:u1") > 0, "what was produced is charged");
    }

    [Fact]
    public async Task Two_hundred_concurrent_requests_never_overspend()
    {
        await using var rig = await RouterRig.StartAsync([("p1", "openai", 1000m, 1000m)], [new VirtualModelEntry { Name = "one", Models = ["p1/m-p1"] }]);
        // Each call costs (11 + 7) tokens * 0.001 = 0.018; the reservation (prompt estimate + 100 max tokens) is larger.
        const decimal limit = 0.5m;
        rig.Budgets.SetBudget("project:hot", new BudgetConfig { DailyLimit = limit });
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            try
            {
                var request = RouterRig.Ask("one");
                if (i % 2 == 0) request.Stream = true;
                if (request.Stream)
                {
                    var s = await rig.Router.StreamAsync(request, ["project:hot"], CancellationToken.None);
                    await foreach (var _ in s.Chunks) { }
                }
                else await rig.Router.CompleteAsync(request, ["project:hot"], CancellationToken.None);
                return "ok";
            }
            catch (LlmException e) { return e.Code; }
        }));
        var ok = outcomes.Count(o => o == "ok");
        Assert.True(ok > 0);
        Assert.All(outcomes, o => Assert.Contains(o, new[] { "ok", "BUDGET_EXCEEDED" }));
        Assert.True(rig.Budgets.MonthlySpent("project:hot") <= limit, $"spent {rig.Budgets.MonthlySpent("project:hot")} > {limit}");
        Assert.Equal(ok * 0.018m, rig.Budgets.MonthlySpent("project:hot"));
        Assert.Equal(ok, rig.Providers["p1"].Calls);
        Assert.Equal(0m, rig.Budgets.Reserved("project:hot"));
    }

    [Fact]
    public async Task Keys_never_appear_in_results_errors_or_logs()
    {
        await using var rig = await TwoProviders();
        // Providers that echo the key in their errors, like OpenAI's "Incorrect API key provided: sk-…".
        rig.Providers["p1"].Enqueue(new Behavior { Status = 500, ErrorMessage = "failed for key " + RouterRig.Key });
        rig.Providers["p2"].Enqueue(new Behavior { Status = 401, ErrorMessage = "bad key " + RouterRig.Key });
        var e = await Assert.ThrowsAsync<LlmException>(() => rig.Router.CompleteAsync(RouterRig.Ask("chain"), [], CancellationToken.None));
        Assert.Equal(401, e.Status);
        var everything = e.Message + JsonSerializer.Serialize(e.Details) + string.Join("\n", rig.Log);
        Assert.Contains("failed for key ***", everything);
        Assert.Contains("bad key ***", everything);
        Assert.DoesNotContain(RouterRig.Key, everything);
        rig.Providers["p1"].Enqueue(new Behavior { Status = 503, ErrorMessage = "down, key " + RouterRig.Key });
        var r = await rig.Router.CompleteAsync(RouterRig.Ask("chain"), [], CancellationToken.None);
        Assert.DoesNotContain(RouterRig.Key, JsonSerializer.Serialize(r.Routing) + string.Join("\n", rig.Log));
    }

    [Fact]
    public async Task Embeddings_are_routed_and_charged()
    {
        await using var rig = await RouterRig.StartAsync([("p1", "openai", 1m, 0m), ("p2", "openai", 1m, 0m)]);
        rig.Budgets.SetBudget("user:e", new BudgetConfig { MonthlyLimit = 1 });
        rig.Providers["p1"].Enqueue(new Behavior { Status = 500 });
        var e = await Assert.ThrowsAsync<LlmException>(() => rig.Router.EmbedAsync(new EmbeddingRequest("m-p1", ["x"], null, null), ["user:e"], CancellationToken.None));
        Assert.Equal("ALL_PROVIDERS_FAILED", e.Code);
        Assert.Equal(0m, rig.Budgets.MonthlySpent("user:e"));
        var r = await rig.Router.EmbedAsync(new EmbeddingRequest("m-p1", ["hello"], "e", null), ["user:e"], CancellationToken.None);
        Assert.Single(r.Response.Vectors);
        Assert.Equal(2, rig.Providers["p1"].Calls);
        Assert.Equal(11 * 1m / 1_000_000, rig.Budgets.MonthlySpent("user:e"));
        Assert.Equal(0m, rig.Budgets.Reserved("user:e"));
    }
}

/// <summary>Rate limiting and stream timing edge cases.</summary>
public sealed class RouterEdgeTests
{
    [Fact]
    public async Task Every_candidate_rate_limited_is_429_with_the_providers_retry_after()
    {
        await using var rig = await RouterRig.StartAsync([("p1", "gemini", 1m, 1m)], [new VirtualModelEntry { Name = "one", Models = ["p1/m-p1"] }]);
        rig.Providers["p1"].Enqueue(new Behavior { Status = 429, RetryAfterSeconds = 7 });
        var e = await Assert.ThrowsAsync<LlmException>(() => rig.Router.CompleteAsync(RouterRig.Ask("one"), [], CancellationToken.None));
        Assert.Equal(("RATE_LIMITED", 429), (e.Code, e.Status));
        Assert.Equal(7d, e.Details["retry_after_seconds"]);
    }

    [Fact]
    public async Task Stream_timeout_bounds_each_event_not_the_whole_stream()
    {
        await using var rig = await RouterRig.StartAsync([("p1", "openai", 1m, 1m)], [new VirtualModelEntry { Name = "one", Models = ["p1/m-p1"] }], timeoutMs: 2000);
        // Six events 500 ms apart: 3 s in all, more than the 2 s timeout, but no gap reaches it (1.5 s of slack for a loaded CI machine).
        rig.Providers["p1"].Enqueue(new Behavior { Text = string.Join(' ', Enumerable.Repeat("word", 6)), ChunkDelay = TimeSpan.FromMilliseconds(500) });
        var s = await rig.Router.StreamAsync(RouterRig.Ask("one"), [], CancellationToken.None);
        var text = "";
        await foreach (var c in s.Chunks) text += c.ContentDelta;
        Assert.Equal(string.Join(' ', Enumerable.Repeat("word", 6)), text);

        // A gap longer than the timeout is a timeout (here before the first content, so the router reports the attempt).
        rig.Providers["p1"].Enqueue(new Behavior { Text = "a b c", ChunkDelay = TimeSpan.FromMilliseconds(4000) });
        var stalled = await Assert.ThrowsAsync<LlmException>(() => rig.Router.StreamAsync(RouterRig.Ask("one"), [], CancellationToken.None));
        Assert.Equal("PROVIDER_TIMEOUT", ((RoutingInfo)stalled.Details["routing_info"]!).Attempts.Single().Code);
    }
}
