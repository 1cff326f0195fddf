using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CircuitBreaker.Gateway.Tests.GraphQL;
using CircuitBreaker.Llm.Tests.StandIns;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Llm;

/// <summary>The GraphQL LLM fields of the real gateway process over stand-in providers.</summary>
public sealed class LlmGraphQLTests(LlmGatewayFixture fixture) : IClassFixture<LlmGatewayFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private HttpClient Client => fixture.Gateway.Client;

    private const string Completion = """
        mutation Chat($input: LlmChatCompletionInput!) {
          llmChatCompletion(input: $input) {
            id model provider
            choices { index message { role content } finishReason }
            usage { promptTokens completionTokens totalTokens estimatedCost }
            routingInfo { selectedProvider routingStrategy latencyMs retryCount fallbackUsed cost budgetScopes attempts { provider outcome status code } }
          }
        }
        """;

    private static object Ask(string model, string? user = null, string? project = null) => new { input = Input(model, user, project) };

    private static object Input(string model, string? user = null, string? project = null) => new
    {
        model,
        messages = new[] { new { role = "system", content = "Be brief." }, new { role = "user", content = "Say hello" } },
        maxTokens = 50,
        userId = user,
        projectId = project,
    };

    private async Task<JsonElement> PostAsync(string query, object? variables = null)
    {
        var body = JsonSerializer.Serialize(new { query, variables });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        try { return JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException) { throw new Xunit.Sdk.XunitException($"not JSON ({(int)response.StatusCode}): {text}\n{fixture.Gateway.Output}"); }
    }

    private async Task<JsonElement> DataAsync(string query, object? variables = null)
    {
        var result = await PostAsync(query, variables);
        Assert.False(result.TryGetProperty("errors", out var errors), $"unexpected errors: {errors}");
        return result.GetProperty("data");
    }

    private async Task<JsonElement> ErrorAsync(string query, object? variables = null)
    {
        var result = await PostAsync(query, variables);
        Assert.True(result.TryGetProperty("errors", out var errors), $"expected errors, got {result}");
        return errors[0];
    }

    private int AllCalls => fixture.Providers.Values.Sum(p => p.Calls);

    [Fact]
    public async Task Providers_list_their_models_prices_and_health_without_keys()
    {
        var result = await PostAsync("""
            query {
              llmProviders { id providerType name baseUrl apiKeyId hasApiKey usable
                models { id name maxTokens contextWindow costPerInputToken costPerOutputToken supportsStreaming supportsFunctionCalling capabilities }
                healthStatus { isHealthy breakerState lastCheck errorRate averageLatencyMs consecutiveFailures lastError } }
              p1: llmProvider(id: "p1") { id name models { id costPerInputToken } }
              none: llmProvider(id: "no-such-provider") { id }
            }
            """);
        var text = result.GetRawText();
        Assert.DoesNotContain(LlmGatewayFixture.Key, text);
        var data = result.GetProperty("data");
        var providers = data.GetProperty("llmProviders").EnumerateArray().ToList();
        Assert.True(providers.Count >= 50, $"{providers.Count} providers");
        var p2 = providers.Single(p => p.GetProperty("id").GetString() == "p2");
        Assert.Equal("standin", p2.GetProperty("apiKeyId").GetString());
        Assert.True(p2.GetProperty("hasApiKey").GetBoolean());
        Assert.True(p2.GetProperty("usable").GetBoolean());
        var model = p2.GetProperty("models")[0];
        Assert.Equal("m-p2", model.GetProperty("id").GetString());
        Assert.Equal(0.001, model.GetProperty("costPerInputToken").GetDouble(), 12);
        Assert.Equal(0.002, model.GetProperty("costPerOutputToken").GetDouble(), 12);
        Assert.True(model.GetProperty("supportsFunctionCalling").GetBoolean());
        Assert.Equal("CLOSED", p2.GetProperty("healthStatus").GetProperty("breakerState").GetString());
        Assert.True(p2.GetProperty("healthStatus").GetProperty("isHealthy").GetBoolean());
        Assert.Equal(0.001, data.GetProperty("p1").GetProperty("models")[0].GetProperty("costPerInputToken").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("none").ValueKind);
    }

    [Fact]
    public async Task Chat_completion_returns_the_answer_usage_and_routing_info()
    {
        var data = await DataAsync(Completion, Ask("p3/m-p3"));
        var r = data.GetProperty("llmChatCompletion");
        Assert.Equal("p3", r.GetProperty("provider").GetString());
        Assert.Equal("m-p3", r.GetProperty("model").GetString());
        Assert.Equal("Hello from the stand-in", r.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("assistant", r.GetProperty("choices")[0].GetProperty("message").GetProperty("role").GetString());
        Assert.Equal(18, r.GetProperty("usage").GetProperty("totalTokens").GetInt32());
        var cost = 11 * 0.001 + 7 * 0.002;
        Assert.Equal(cost, r.GetProperty("usage").GetProperty("estimatedCost").GetDouble(), 12);
        var routing = r.GetProperty("routingInfo");
        Assert.Equal("p3", routing.GetProperty("selectedProvider").GetString());
        Assert.Equal("failover", routing.GetProperty("routingStrategy").GetString());
        Assert.False(routing.GetProperty("fallbackUsed").GetBoolean());
        Assert.Equal(0, routing.GetProperty("retryCount").GetInt32());
        Assert.Equal(cost, routing.GetProperty("cost").GetDouble(), 12);
    }

    [Fact]
    public async Task Failover_shows_in_routing_info()
    {
        var before = fixture.Providers["p2"].Calls;
        fixture.Providers["p1"].Enqueue(new Behavior { Status = 503, ErrorMessage = "overloaded" });
        var routing = (await DataAsync(Completion, Ask("chain"))).GetProperty("llmChatCompletion").GetProperty("routingInfo");
        Assert.Equal("p2", routing.GetProperty("selectedProvider").GetString());
        Assert.True(routing.GetProperty("fallbackUsed").GetBoolean());
        Assert.Equal(1, routing.GetProperty("retryCount").GetInt32());
        var attempts = routing.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(["p1", "p2"], attempts.Select(a => a.GetProperty("provider").GetString()));
        Assert.Equal(["failed", "success"], attempts.Select(a => a.GetProperty("outcome").GetString()));
        Assert.Equal(503, attempts[0].GetProperty("status").GetInt32());
        Assert.Equal(before + 1, fixture.Providers["p2"].Calls);
    }

    [Fact]
    public async Task Over_budget_is_BUDGET_EXCEEDED_with_scope_and_remaining_and_no_provider_call()
    {
        var put = await Client.PutAsync("/api/v1/budgets/user:gql-broke", new StringContent("""{"limit":0.000001,"period":"daily"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var calls = AllCalls;
        var error = await ErrorAsync(Completion, Ask("chain", user: "gql-broke"));
        var extensions = error.GetProperty("extensions");
        Assert.Equal("BUDGET_EXCEEDED", extensions.GetProperty("code").GetString());
        Assert.Equal("user:gql-broke", extensions.GetProperty("scope").GetString());
        Assert.True(extensions.GetProperty("remaining").GetDouble() >= 0);
        Assert.Equal(402, extensions.GetProperty("status").GetInt32());
        var streamed = await ErrorAsync("mutation($input: LlmChatCompletionInput!) { llmChatCompletionStream(input: $input) { requestId } }", Ask("chain", user: "gql-broke"));
        Assert.Equal("BUDGET_EXCEEDED", streamed.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(calls, AllCalls);
    }

    [Fact]
    public async Task Unpriced_model_charged_to_a_user_is_refused_and_not_called()
    {
        var calls = AllCalls;
        var error = await ErrorAsync(Completion, Ask("p1/not-in-the-price-table", user: "gql-unpriced"));
        Assert.Equal("MODEL_UNPRICED", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(calls, AllCalls);
    }

    [Fact]
    public async Task Stream_started_by_mutation_delivers_its_chunks_in_order_over_the_subscription()
    {
        fixture.Providers["p2"].Enqueue(new Behavior { Text = "one two three four five" });
        var started = (await DataAsync("""
            mutation($input: LlmChatCompletionInput!) {
              llmChatCompletionStream(input: $input) { requestId model provider routingInfo { selectedProvider routingStrategy } }
            }
            """, Ask("p2/m-p2"))).GetProperty("llmChatCompletionStream");
        Assert.Equal("p2", started.GetProperty("provider").GetString());
        var requestId = started.GetProperty("requestId").GetString();
        await using var sse = await SseSubscription.StartAsync(Client,
            "subscription($id: String!) { llmStream(requestId: $id) { eventType requestId sequence delta isComplete finishReason usage { totalTokens estimatedCost } routingInfo { selectedProvider cost } } }",
            new { id = requestId });
        var events = await ReadUntilCompleteAsync(sse);
        Assert.Equal("STREAM_START", events[0].GetProperty("eventType").GetString());
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.GetProperty("sequence").GetInt32()));
        Assert.All(events, e => Assert.Equal(requestId, e.GetProperty("requestId").GetString()));
        var deltas = events.Where(e => e.GetProperty("eventType").GetString() == "CONTENT_DELTA").Select(e => e.GetProperty("delta").GetString()).ToList();
        Assert.Equal(["one", " two", " three", " four", " five"], deltas);
        var end = events[^1];
        Assert.Equal("STREAM_END", end.GetProperty("eventType").GetString());
        Assert.True(end.GetProperty("isComplete").GetBoolean());
        Assert.Equal("stop", end.GetProperty("finishReason").GetString());
        Assert.Equal(18, end.GetProperty("usage").GetProperty("totalTokens").GetInt32());
        Assert.Equal(11 * 0.001 + 7 * 0.002, end.GetProperty("routingInfo").GetProperty("cost").GetDouble(), 12);
        // The subscription completes after STREAM_END.
        Assert.Null(await sse.NextAsync(Wait));
    }

    [Fact]
    public async Task Subscription_with_input_starts_the_stream_itself_and_receives_live_chunks_in_order()
    {
        fixture.Providers["p1"].Enqueue(new Behavior { Text = "a b c d", ChunkDelay = TimeSpan.FromMilliseconds(50) });
        var requestId = "gql-live-" + Guid.NewGuid().ToString("N");
        await using var sse = await SseSubscription.StartAsync(Client,
            "subscription($id: String!, $input: LlmChatCompletionInput) { llmStream(requestId: $id, input: $input) { eventType sequence delta isComplete routingInfo { selectedProvider } } }",
            new { id = requestId, input = Input("p1/m-p1") });
        var events = await ReadUntilCompleteAsync(sse);
        Assert.Equal("p1", events[0].GetProperty("routingInfo").GetProperty("selectedProvider").GetString());
        Assert.Equal(["a", " b", " c", " d"], events.Where(e => e.GetProperty("eventType").GetString() == "CONTENT_DELTA").Select(e => e.GetProperty("delta").GetString()));
        Assert.Equal("STREAM_END", events[^1].GetProperty("eventType").GetString());
        var again = await ErrorAsync("subscription($id: String!) { llmStream(requestId: $id) { sequence } }", new { id = "no-such-stream" });
        Assert.NotNull(again.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Graphql_ws_client_receives_the_stream_in_order_and_then_completion()
    {
        fixture.Providers["p3"].Enqueue(new Behavior { Text = "alpha beta gamma" });
        var url = new Uri(fixture.Gateway.BaseAddress, "/graphql").ToString();
        var output = await NodeScript.RunAsync("ws-client.mjs", new System.Text.Json.Nodes.JsonObject
        {
            ["url"] = url.Replace("http://", "ws://"),
            ["httpUrl"] = url,
            ["count"] = 100,
            ["query"] = $$"""subscription { llmStream(requestId: "ws-{{Guid.NewGuid():N}}", input: { model: "p3/m-p3", messages: [{ role: "user", content: "Hi" }] }) { eventType sequence delta } }""",
        }, TimeSpan.FromSeconds(60));
        Assert.True(output["error"] is null, $"graphql-ws client: {output["error"]}");
        Assert.True(output["complete"]!.GetValue<bool>());
        var events = output["results"]!.AsArray().Select(r => r!["data"]!["llmStream"]!).ToList();
        Assert.Equal(["STREAM_START", "CONTENT_DELTA", "CONTENT_DELTA", "CONTENT_DELTA", "STREAM_END"], events.Select(e => e["eventType"]!.GetValue<string>()));
        Assert.Equal([0, 1, 2, 3, 4], events.Select(e => e["sequence"]!.GetValue<int>()));
        Assert.Equal("alpha beta gamma", string.Concat(events.Select(e => e["delta"]?.GetValue<string>())));
    }

    [Fact]
    public async Task Cost_analytics_equal_what_was_spent_per_user_project_and_day()
    {
        var user = "analyst-" + Guid.NewGuid().ToString("N")[..8];
        var first = (await DataAsync(Completion, Ask("p1/m-p1", user, "proj-a"))).GetProperty("llmChatCompletion").GetProperty("routingInfo").GetProperty("cost").GetDouble();
        fixture.Providers["p2"].Enqueue(new Behavior { PromptTokens = 100, CompletionTokens = 40 });
        var second = (await DataAsync(Completion, Ask("p2/m-p2", user, "proj-b"))).GetProperty("llmChatCompletion").GetProperty("routingInfo").GetProperty("cost").GetDouble();
        // A streamed call is charged and recorded when its stream ends.
        var started = (await DataAsync("mutation($input: LlmChatCompletionInput!) { llmChatCompletionStream(input: $input) { requestId } }", Ask("p3/m-p3", user, "proj-a")))
            .GetProperty("llmChatCompletionStream").GetProperty("requestId").GetString();
        await using (var sse = await SseSubscription.StartAsync(Client, "subscription($id: String!) { llmStream(requestId: $id) { eventType isComplete routingInfo { cost } } }", new { id = started }))
        {
            var events = await ReadUntilCompleteAsync(sse);
            Assert.Equal("STREAM_END", events[^1].GetProperty("eventType").GetString());
        }
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        const string Analytics = """
            query($input: CostAnalyticsInput!) {
              costAnalytics(input: $input) { totalCost totalTokens requestCount averageCostPerToken providerBreakdown modelBreakdown dailyCosts periodStart periodEnd
                breakdown { provider model totalCost requestCount } days { date totalCost requestCount } }
            }
            """;
        var all = (await DataAsync(Analytics, new { input = new { userId = user, startDate = today, endDate = today + "T23:59:59Z" } })).GetProperty("costAnalytics");
        var streamedCost = 11 * 0.001 + 7 * 0.002;
        Assert.Equal(first + second + streamedCost, all.GetProperty("totalCost").GetDouble(), 9);
        Assert.Equal(3, all.GetProperty("requestCount").GetInt32());
        Assert.Equal(18 + 140 + 18, all.GetProperty("totalTokens").GetInt32());
        Assert.Equal(second, all.GetProperty("providerBreakdown").GetProperty("p2").GetDouble(), 9);
        Assert.Equal(first, all.GetProperty("modelBreakdown").GetProperty("p1/m-p1").GetDouble(), 9);
        Assert.Equal(first + second + streamedCost, all.GetProperty("dailyCosts").GetProperty(today).GetDouble(), 9);
        Assert.Equal((today, today), (all.GetProperty("periodStart").GetString(), all.GetProperty("periodEnd").GetString()));

        // The same spend the user's budget grain holds for today.
        var budget = JsonDocument.Parse(await Client.GetStringAsync($"/api/v1/budgets/user:{user}")).RootElement;
        Assert.Equal(budget.GetProperty("dailySpend").GetDouble(), all.GetProperty("totalCost").GetDouble(), 9);

        var projectA = (await DataAsync(Analytics, new { input = new { userId = user, projectId = "proj-a", startDate = today, endDate = today } })).GetProperty("costAnalytics");
        Assert.Equal(first + streamedCost, projectA.GetProperty("totalCost").GetDouble(), 9);
        Assert.Equal(2, projectA.GetProperty("requestCount").GetInt32());
        var projectB = (await DataAsync(Analytics, new { input = new { projectId = "proj-b", startDate = today, endDate = today } })).GetProperty("costAnalytics");
        Assert.True(projectB.GetProperty("totalCost").GetDouble() >= second - 1e-12);

        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");
        var before = (await DataAsync(Analytics, new { input = new { userId = user, startDate = DateTime.UtcNow.AddDays(-40).ToString("yyyy-MM-dd"), endDate = yesterday } })).GetProperty("costAnalytics");
        Assert.Equal(0, before.GetProperty("totalCost").GetDouble());
        Assert.Equal(0, before.GetProperty("requestCount").GetInt32());

        var tooLong = await ErrorAsync(Analytics, new { input = new { userId = user, startDate = "2020-01-01", endDate = today } });
        Assert.Equal("INVALID_INPUT", tooLong.GetProperty("extensions").GetProperty("code").GetString());
        var bad = await ErrorAsync(Analytics, new { input = new { startDate = today, endDate = today } });
        Assert.Equal("INVALID_INPUT", bad.GetProperty("extensions").GetProperty("code").GetString());
        var reversed = await ErrorAsync(Analytics, new { input = new { userId = user, startDate = today, endDate = yesterday } });
        Assert.Equal("INVALID_INPUT", reversed.GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Configure_provider_in_the_seed_shape_then_route_through_it()
    {
        var result = await PostAsync("""
            mutation Configure($input: LlmProviderConfigInput!) {
              configureLlmProvider(input: $input) {
                id providerType name baseUrl apiKeyId hasApiKey usable createdAt updatedAt
                models { id name maxTokens contextWindow costPerInputToken costPerOutputToken supportsStreaming supportsFunctionCalling capabilities }
                healthStatus { isHealthy errorRate }
              }
            }
            """, new
        {
            input = new
            {
                providerType = "openai",
                id = "p1-configured",
                name = "Configured OpenAI stand-in",
                baseUrl = fixture.Providers["p1"].BaseUrl + "/v1",
                apiKeyId = "standin",
                models = new[]
                {
                    new { id = "m-conf", name = "Configured", maxTokens = 4096, contextWindow = 128000, costPerInputToken = 0.000003, costPerOutputToken = 0.000015,
                        supportsStreaming = true, supportsFunctionCalling = true, capabilities = new[] { "chat" } },
                },
            },
        });
        Assert.DoesNotContain(LlmGatewayFixture.Key, result.GetRawText());
        var provider = result.GetProperty("data").GetProperty("configureLlmProvider");
        Assert.Equal("p1-configured", provider.GetProperty("id").GetString());
        Assert.Equal("openai", provider.GetProperty("providerType").GetString());
        Assert.True(provider.GetProperty("hasApiKey").GetBoolean());
        Assert.True(provider.GetProperty("usable").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, provider.GetProperty("updatedAt").ValueKind);
        var model = provider.GetProperty("models")[0];
        Assert.Equal(0.000003, model.GetProperty("costPerInputToken").GetDouble(), 15);
        Assert.Equal(4096, model.GetProperty("maxTokens").GetInt32());
        Assert.True(model.GetProperty("supportsFunctionCalling").GetBoolean());

        var routed = (await DataAsync(Completion, Ask("p1-configured/m-conf", user: "gql-configured"))).GetProperty("llmChatCompletion");
        Assert.Equal("p1-configured", routed.GetProperty("provider").GetString());
        Assert.Equal(11 * 0.000003 + 7 * 0.000015, routed.GetProperty("usage").GetProperty("estimatedCost").GetDouble(), 15);

        var bad = await ErrorAsync("""mutation { configureLlmProvider(input: { providerType: "nonsense", name: "x", baseUrl: "http://localhost:1", apiKeyId: "k", models: [] }) { id } }""");
        Assert.Equal("PROVIDER_INVALID", bad.GetProperty("extensions").GetProperty("code").GetString());
        var badUrl = await ErrorAsync("""mutation { configureLlmProvider(input: { providerType: "openai", id: "bad-url", name: "x", baseUrl: "nope", apiKeyId: "k", models: [] }) { id } }""");
        Assert.Equal("PROVIDER_INVALID", badUrl.GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Provider_keys_never_reach_graphql_answers_or_errors()
    {
        fixture.Providers["p1"].Enqueue(new Behavior { Status = 500, ErrorMessage = "upstream saw key " + LlmGatewayFixture.Key });
        fixture.Providers["p2"].Enqueue(new Behavior { Status = 401, ErrorMessage = "invalid x-api-key " + LlmGatewayFixture.Key });
        var failed = await PostAsync(Completion, Ask("chain"));
        var error = failed.GetProperty("errors")[0];
        Assert.Equal("PROVIDER_ERROR", error.GetProperty("extensions").GetProperty("code").GetString());
        var health = await PostAsync("{ llmProviders { id apiKeyId healthStatus { lastError consecutiveFailures } } }");
        var all = failed.GetRawText() + health.GetRawText();
        Assert.Contains("***", all);
        Assert.DoesNotContain(LlmGatewayFixture.Key, all);
        Assert.DoesNotContain(LlmGatewayFixture.Key, fixture.Gateway.Output);
    }

    private static async Task<List<JsonElement>> ReadUntilCompleteAsync(SseSubscription sse)
    {
        var events = new List<JsonElement>();
        while (true)
        {
            var next = await sse.NextAsync(Wait) ?? throw new Xunit.Sdk.XunitException($"stream ended or stalled after {events.Count} events");
            Assert.False(next.TryGetProperty("errors", out var errors), $"subscription errors: {errors}");
            var e = next.GetProperty("data").GetProperty("llmStream");
            events.Add(e);
            if (e.GetProperty("isComplete").GetBoolean()) return events;
        }
    }
}
