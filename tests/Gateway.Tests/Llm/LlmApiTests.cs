using CircuitBreaker.Llm.Tests.StandIns;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Llm;

/// <summary>The OpenAI-compatible API of the real gateway process over stand-in providers.</summary>
public sealed class LlmApiTests(LlmGatewayFixture fixture) : IClassFixture<LlmGatewayFixture>
{
    private HttpClient Client => fixture.Gateway.Client;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Chat(string model, bool stream = false, string extra = "") =>
        $$"""{"model":"{{model}}","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello"}],"max_tokens":50,"stream":{{(stream ? "true" : "false")}}{{extra}}}""";

    private static async Task<(HttpResponseMessage Response, JsonNode Body)> Post(HttpClient client, string path, string json)
    {
        var response = await client.PostAsync(path, Json(json));
        return (response, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static async Task<List<JsonNode>> ReadEvents(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).ToList();
        Assert.Equal("data: [DONE]", events.Last());
        return [.. events.SkipLast(1).Select(e => JsonNode.Parse(e["data: ".Length..])!)];
    }

    [Theory]
    [InlineData("p1/m-p1")]
    [InlineData("p2/m-p2")]
    [InlineData("p3/m-p3")]
    public async Task Chat_completion_json_for_each_protocol_with_routing_info(string model)
    {
        var (response, body) = await Post(Client, "/v1/chat/completions", Chat(model));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("chat.completion", body["object"]!.GetValue<string>());
        Assert.Equal("Hello from the stand-in", body["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(18, body["usage"]!["total_tokens"]!.GetValue<int>());
        var header = JsonNode.Parse(response.Headers.GetValues("X-CircuitBreaker-Routing").Single())!;
        Assert.Equal(model.Split('/')[0], header["selected_provider"]!.GetValue<string>());
        Assert.Equal(model.Split('/')[0], body["routing_info"]!["selected_provider"]!.GetValue<string>());
        Assert.Equal(11 * 0.001m + 7 * 0.002m, body["routing_info"]!["cost"]!.GetValue<decimal>());
    }

    [Theory]
    [InlineData("p1/m-p1")]
    [InlineData("p2/m-p2")]
    [InlineData("p3/m-p3")]
    public async Task Chat_completion_stream_ends_with_done_and_honours_include_usage(string model)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(Chat(model, stream: true, extra: ""","stream_options":{"include_usage":true}""")) };
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = await ReadEvents(response);
        Assert.All(events, e => Assert.Equal("chat.completion.chunk", e["object"]!.GetValue<string>()));
        var text = string.Concat(events.Where(e => e["choices"]!.AsArray().Count > 0).Select(e => e["choices"]![0]!["delta"]!["content"]?.GetValue<string>()));
        Assert.Equal("Hello from the stand-in", text);
        var last = events.Last();
        Assert.Empty(last["choices"]!.AsArray());
        Assert.Equal(11, last["usage"]!["prompt_tokens"]!.GetValue<int>());
        Assert.Equal(model.Split('/')[0], last["routing_info"]!["selected_provider"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stream_without_include_usage_has_no_usage_chunk()
    {
        using var response = await Client.PostAsync("/v1/chat/completions", Json(Chat("p1/m-p1", stream: true)));
        var events = await ReadEvents(response);
        Assert.All(events, e => Assert.Null(e["usage"]));
        Assert.Equal("stop", events.Last()["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Failover_through_the_virtual_model_reports_the_fallback()
    {
        var before = fixture.Providers["p2"].Calls;
        fixture.Providers["p1"].Enqueue(new Behavior { Status = 503, ErrorMessage = "overloaded" });
        var (response, body) = await Post(Client, "/v1/chat/completions", Chat("chain"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("p2", body["routing_info"]!["selected_provider"]!.GetValue<string>());
        Assert.True(body["routing_info"]!["fallback_used"]!.GetValue<bool>());
        Assert.Equal(before + 1, fixture.Providers["p2"].Calls);
    }

    [Fact]
    public async Task Circuit_breaker_extension_fallback_models_and_tool_calls()
    {
        fixture.Providers["p3"].Enqueue(new Behavior { Status = 500 });
        fixture.Providers["p2"].Enqueue(new Behavior { ToolCall = ("get_weather", """{"city":"Oslo"}""") });
        var json = """
            {"model":"p3/m-p3","messages":[{"role":"user","content":"Weather in Oslo?"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
             "circuit_breaker":{"routing_strategy":"failover","fallback_models":["p2/m-p2"],"max_latency_ms":5000,"task_type":"chat"}}
            """;
        var (response, body) = await Post(Client, "/v1/chat/completions", json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = body["choices"]![0]!["message"]!["tool_calls"]![0]!;
        Assert.Equal("get_weather", call["function"]!["name"]!.GetValue<string>());
        Assert.Equal("Oslo", JsonNode.Parse(call["function"]!["arguments"]!.GetValue<string>())!["city"]!.GetValue<string>());
        Assert.Equal("tool_calls", body["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal("p2", body["routing_info"]!["selected_provider"]!.GetValue<string>());
    }

    [Fact]
    public async Task Non_retryable_provider_error_is_returned_with_its_message()
    {
        fixture.Providers["p1"].Enqueue(new Behavior { Status = 400, ErrorMessage = "max_tokens is too large" });
        var (response, body) = await Post(Client, "/v1/chat/completions", Chat("chain"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("max_tokens is too large", body["error"]!["message"]!.GetValue<string>());
        Assert.Equal("PROVIDER_ERROR", body["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Breaker_grain_opens_and_the_router_skips_the_provider_without_calling_it()
    {
        var put = await Client.PutAsync("/api/v1/breakers/llm:p3", Json("""{"slidingWindowSize":2,"minimumNumberOfCalls":2,"failureRateThreshold":50,"waitDurationInOpenStateMs":60000}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        string Request() => Chat("p3/m-p3", extra: ""","circuit_breaker":{"fallback_models":["p1/m-p1"]}""");
        fixture.Providers["p3"].Enqueue(new Behavior { Status = 500 }, new Behavior { Status = 500 });
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync("/v1/chat/completions", Json(Request()))).StatusCode);
        var calls = fixture.Providers["p3"].Calls;
        var (response, body) = await Post(Client, "/v1/chat/completions", Request());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("breaker_open", body["routing_info"]!["attempts"]![0]!["outcome"]!.GetValue<string>());
        Assert.Equal("p1", body["routing_info"]!["selected_provider"]!.GetValue<string>());
        Assert.Equal(calls, fixture.Providers["p3"].Calls);
        var state = JsonNode.Parse(await Client.GetStringAsync("/api/v1/breakers/llm:p3"))!;
        Assert.Equal("OPEN", state["state"]!.GetValue<string>());
        // Back to the default configuration so that other tests' failures do not open it.
        await Client.PutAsync("/api/v1/breakers/llm:p3", Json("{}"));
        await Client.PostAsync("/api/v1/breakers/llm:p3/reset", null);
    }

    [Fact]
    public async Task Exhausted_budget_is_402_and_no_provider_is_called()
    {
        var put = await Client.PutAsync("/api/v1/budgets/user:broke", Json("""{"limit":0.000001,"period":"daily"}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var calls = fixture.Providers.Values.Sum(p => p.Calls);
        var (response, body) = await Post(Client, "/v1/chat/completions", Chat("chain", extra: ""","user":"broke" """));
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal("BUDGET_EXCEEDED", body["error"]!["code"]!.GetValue<string>());
        Assert.Equal("user:broke", body["error"]!["scope"]!.GetValue<string>());
        Assert.NotNull(body["error"]!["remaining"]);
        using var streamed = await Client.PostAsync("/v1/chat/completions", Json(Chat("chain", stream: true, extra: ""","user":"broke" """)));
        Assert.Equal(HttpStatusCode.PaymentRequired, streamed.StatusCode);
        Assert.Equal(calls, fixture.Providers.Values.Sum(p => p.Calls));
    }

    [Fact]
    public async Task Streamed_usage_is_committed_to_the_users_budget()
    {
        await Client.PutAsync("/api/v1/budgets/user:streamer", Json("""{"limit":100,"period":"monthly"}"""));
        fixture.Providers["p2"].Enqueue(new Behavior { PromptTokens = 100, CompletionTokens = 50 });
        using var response = await Client.PostAsync("/v1/chat/completions", Json(Chat("p2/m-p2", stream: true, extra: ""","user":"streamer" """)));
        await ReadEvents(response);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonNode status;
        do status = JsonNode.Parse(await Client.GetStringAsync("/api/v1/budgets/user:streamer"))!;
        while (status["monthlySpend"]!.GetValue<decimal>() == 0 && DateTime.UtcNow < deadline);
        Assert.Equal(100 * 0.001m + 50 * 0.002m, status["monthlySpend"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Models_lists_real_and_virtual_models_and_embeddings_work()
    {
        var models = JsonNode.Parse(await Client.GetStringAsync("/v1/models"))!;
        var ids = models["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToList();
        Assert.Contains("chain", ids);
        Assert.Contains("cb:fastest", ids);
        Assert.Contains("p1/m-p1", ids);
        Assert.Contains("openai/gpt-4o", ids);
        var (response, body) = await Post(Client, "/v1/embeddings", """{"model":"p1/m-p1","input":["abc","de"]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body["data"]!.AsArray().Count);
        Assert.Equal(3, body["data"]![0]!["embedding"]![2]!.GetValue<int>());
        var (bad, error) = await Post(Client, "/v1/embeddings", """{"model":"p2/m-p2","input":"x"}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, bad.StatusCode);
        Assert.Equal("NO_PROVIDER_AVAILABLE", error["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Admin_puts_provider_and_virtual_model_then_routes_through_them()
    {
        var put = await Client.PutAsync("/api/v1/llm/providers/p1b", Json($$"""{"adapter":"openai","baseUrl":"{{fixture.Providers["p1"].BaseUrl}}/v1","apiKeyId":"standin"}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var view = await put.Content.ReadAsStringAsync();
        Assert.Contains("\"hasKey\":true", view);
        Assert.DoesNotContain(LlmGatewayFixture.Key, view);
        var vm = await Client.PutAsync("/api/v1/llm/virtual-models/cheap-first", Json("""{"strategy":"cost_optimized","models":["p1b/m-any","p2/m-p2"]}"""));
        Assert.Equal(HttpStatusCode.OK, vm.StatusCode);
        var (response, body) = await Post(Client, "/v1/chat/completions", Chat("cheap-first"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("p1b", body["routing_info"]!["selected_provider"]!.GetValue<string>());
        Assert.Equal("cost_optimized", body["routing_info"]!["strategy"]!.GetValue<string>());
        var badStrategy = await Client.PutAsync("/api/v1/llm/virtual-models/x", Json("""{"strategy":"magic","models":["p2/m-p2"]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badStrategy.StatusCode);
        Assert.Contains("INVALID_ROUTING_STRATEGY", await badStrategy.Content.ReadAsStringAsync());
        var badUrl = await Client.PutAsync("/api/v1/llm/providers/y", Json("""{"baseUrl":"nope"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
    }

    [Theory]
    [InlineData("not json", "INVALID_REQUEST")]
    [InlineData("""{"messages":[]}""", "INVALID_REQUEST")]
    [InlineData("""{"model":"nope-model","messages":[{"role":"user","content":"x"}]}""", "MODEL_NOT_FOUND")]
    [InlineData("""{"model":"chain","messages":[{"role":"wizard","content":"x"}]}""", "INVALID_REQUEST")]
    [InlineData("""{"model":"chain","messages":[{"role":"user","content":"x"}],"circuit_breaker":{"routing_strategy":"magic"}}""", "INVALID_ROUTING_STRATEGY")]
    public async Task Bad_input_is_a_clear_openai_style_error(string json, string code)
    {
        var (response, body) = await Post(Client, "/v1/chat/completions", json);
        Assert.InRange((int)response.StatusCode, 400, 404);
        Assert.Equal(code, body["error"]!["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["error"]!["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Provider_keys_never_reach_responses_or_logs()
    {
        fixture.Providers["p1"].Enqueue(new Behavior { Status = 500, ErrorMessage = "upstream saw key " + LlmGatewayFixture.Key });
        fixture.Providers["p2"].Enqueue(new Behavior { Status = 401, ErrorMessage = "invalid x-api-key " + LlmGatewayFixture.Key });
        var response = await Client.PostAsync("/v1/chat/completions", Json(Chat("chain")));
        var all = await response.Content.ReadAsStringAsync() + string.Join("\n", response.Headers.SelectMany(h => h.Value))
            + await Client.GetStringAsync("/api/v1/llm/providers") + await Client.GetStringAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("***", all);
        Assert.DoesNotContain(LlmGatewayFixture.Key, all);
        Assert.Contains("llm attempt failed", fixture.Gateway.Output);
        Assert.DoesNotContain(LlmGatewayFixture.Key, fixture.Gateway.Output);
    }
}
