using System.Text.Json.Nodes;
using CircuitBreaker.Llm.Model;
using CircuitBreaker.Llm.Providers;
using CircuitBreaker.Llm.Tests.StandIns;

namespace CircuitBreaker.Llm.Tests;

/// <summary>Each adapter against a stand-in speaking its wire protocol: JSON, streaming, tool calls, usage, errors.</summary>
public sealed class AdapterRoundTripTests : IAsyncLifetime
{
    private StandInProvider _server = null!;
    private readonly ProviderTransport _transport = new(new HttpClient());

    public async Task InitializeAsync()
    {
        _server = await StandInProvider.StartAsync();
        _server.ExpectedKey = "k-123456";
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string> Adapters => new() { "openai", "anthropic", "gemini" };

    private (IProviderAdapter Adapter, ProviderEndpoint Endpoint) Make(string kind, string? key = "k-123456") => kind switch
    {
        "openai" => (new OpenAiAdapter(_transport), new ProviderEndpoint { Id = "oa", BaseUrl = _server.BaseUrl + "/v1", ApiKey = key, Auth = AuthStyle.Bearer }),
        "anthropic" => (new AnthropicAdapter(_transport), new ProviderEndpoint { Id = "an", BaseUrl = _server.BaseUrl, ApiKey = key, Auth = AuthStyle.XApiKey, Headers = new Dictionary<string, string> { ["anthropic-version"] = "2023-06-01" } }),
        _ => (new GeminiAdapter(_transport), new ProviderEndpoint { Id = "ge", BaseUrl = _server.BaseUrl, ApiKey = key, Auth = AuthStyle.GoogApiKey }),
    };

    private static ChatRequest WeatherRequest() => new()
    {
        Model = "x",
        Messages =
        [
            new ChatMessage { Role = "system", Content = "You are terse." },
            new ChatMessage { Role = "user", Content = "Weather in Paris?" },
        ],
        Tools = [new ToolDefinition("get_weather", "Weather of a city", JsonNode.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""))],
        MaxTokens = 50,
    };

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task Complete_returns_text_and_usage(string kind)
    {
        var (adapter, endpoint) = Make(kind);
        _server.Enqueue(new Behavior { Text = "Bonjour le monde", PromptTokens = 21, CompletionTokens = 4 });
        var r = await adapter.CompleteAsync(endpoint, "model-a", RouterRig.Ask("x"), CancellationToken.None);
        Assert.Equal("Bonjour le monde", r.Content);
        Assert.Equal("stop", r.FinishReason);
        Assert.Equal(new LlmUsage(21, 4), r.Usage);
        Assert.Equal(1, _server.Calls);
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task Complete_returns_tool_call(string kind)
    {
        var (adapter, endpoint) = Make(kind);
        _server.Enqueue(new Behavior { ToolCall = ("get_weather", """{"city":"Paris"}""") });
        var r = await adapter.CompleteAsync(endpoint, "model-a", WeatherRequest(), CancellationToken.None);
        var call = Assert.Single(r.ToolCalls!);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Paris", JsonNode.Parse(call.Arguments)!["city"]!.GetValue<string>());
        Assert.Equal("tool_calls", r.FinishReason);
        Assert.False(string.IsNullOrEmpty(call.Id));
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task Stream_returns_pieces_and_final_usage(string kind)
    {
        var (adapter, endpoint) = Make(kind);
        _server.Enqueue(new Behavior { Text = "one two three four", PromptTokens = 9, CompletionTokens = 4 });
        var chunks = new List<StreamChunk>();
        await foreach (var c in adapter.StreamAsync(endpoint, "model-a", RouterRig.Ask("x"), CancellationToken.None)) chunks.Add(c);
        Assert.Equal("one two three four", string.Concat(chunks.Select(c => c.ContentDelta)));
        Assert.True(chunks.Count(c => c.ContentDelta is { Length: > 0 }) >= 4, "text arrives in pieces");
        Assert.Equal("stop", chunks.Last(c => c.FinishReason is not null).FinishReason);
        var usage = chunks.Last(c => c.Usage is not null).Usage!;
        Assert.Equal(9, usage.PromptTokens);
        Assert.Equal(4, usage.CompletionTokens);
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task Stream_assembles_tool_call(string kind)
    {
        var (adapter, endpoint) = Make(kind);
        _server.Enqueue(new Behavior { ToolCall = ("get_weather", """{"city":"Paris","unit":"c"}""") });
        var chunks = new List<StreamChunk>();
        await foreach (var c in adapter.StreamAsync(endpoint, "model-a", WeatherRequest(), CancellationToken.None)) chunks.Add(c);
        var deltas = chunks.SelectMany(c => c.ToolCalls ?? []).ToList();
        Assert.All(deltas, d => Assert.Equal(0, d.Index));
        Assert.Equal("get_weather", deltas.First(d => d.Name is not null).Name);
        Assert.NotNull(deltas.First().Id);
        var args = JsonNode.Parse(string.Concat(deltas.Select(d => d.ArgumentsDelta)))!;
        Assert.Equal("Paris", args["city"]!.GetValue<string>());
        Assert.Equal("tool_calls", chunks.Last(c => c.FinishReason is not null).FinishReason);
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task Tool_result_conversation_is_accepted_by_the_protocol(string kind)
    {
        var (adapter, endpoint) = Make(kind);
        var request = WeatherRequest();
        request.Messages.Add(new ChatMessage { Role = "assistant", ToolCalls = [new ToolCall("call_9", "get_weather", """{"city":"Paris"}""")] });
        request.Messages.Add(new ChatMessage { Role = "tool", ToolCallId = "call_9", Content = """{"temp":21}""" });
        _server.Enqueue(new Behavior { Text = "21 degrees" });
        var r = await adapter.CompleteAsync(endpoint, "model-a", request, CancellationToken.None);
        Assert.Equal("21 degrees", r.Content);
        var sent = _server.Bodies.Last();
        switch (kind)
        {
            case "anthropic":
                Assert.Equal("You are terse.", sent["system"]!.GetValue<string>());
                var last = sent["messages"]!.AsArray().Last()!;
                Assert.Equal("user", last["role"]!.GetValue<string>());
                Assert.Equal("tool_result", last["content"]![0]!["type"]!.GetValue<string>());
                Assert.Equal("call_9", last["content"]![0]!["tool_use_id"]!.GetValue<string>());
                Assert.Equal("get_weather", sent["tools"]![0]!["name"]!.GetValue<string>());
                break;
            case "gemini":
                Assert.Equal("You are terse.", sent["systemInstruction"]!["parts"]![0]!["text"]!.GetValue<string>());
                var fr = sent["contents"]!.AsArray().Last()!["parts"]![0]!["functionResponse"]!;
                Assert.Equal("get_weather", fr["name"]!.GetValue<string>());
                Assert.Equal(21, fr["response"]!["temp"]!.GetValue<int>());
                Assert.Equal(50, sent["generationConfig"]!["maxOutputTokens"]!.GetValue<int>());
                break;
            default:
                Assert.Equal("tool", sent["messages"]!.AsArray().Last()!["role"]!.GetValue<string>());
                Assert.Equal("call_9", sent["messages"]!.AsArray()[2]!["tool_calls"]![0]!["id"]!.GetValue<string>());
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task Errors_carry_status_retryability_and_retry_after(string kind)
    {
        var (adapter, endpoint) = Make(kind);
        _server.Enqueue(new Behavior { Status = 429, ErrorMessage = "slow down", RetryAfterSeconds = 7 });
        var e = await Assert.ThrowsAsync<ProviderException>(() => adapter.CompleteAsync(endpoint, "m", RouterRig.Ask("x"), CancellationToken.None));
        Assert.Equal(429, e.Status);
        Assert.True(e.Retryable);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
        Assert.Contains("slow down", e.Message);

        _server.Enqueue(new Behavior { Status = 400, ErrorMessage = "bad field" });
        var bad = await Assert.ThrowsAsync<ProviderException>(() => adapter.CompleteAsync(endpoint, "m", RouterRig.Ask("x"), CancellationToken.None));
        Assert.Equal(400, bad.Status);
        Assert.False(bad.Retryable);
        Assert.Contains("bad field", bad.Message);
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task Wrong_key_is_401_and_the_key_is_redacted(string kind)
    {
        var (adapter, endpoint) = Make(kind, key: "k-wrong-secret-value");
        var e = await Assert.ThrowsAsync<ProviderException>(() => adapter.CompleteAsync(endpoint, "m", RouterRig.Ask("x"), CancellationToken.None));
        Assert.Equal(401, e.Status);
        Assert.False(e.Retryable);
        Assert.DoesNotContain("k-wrong-secret-value", e.Message);
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task Slow_answer_times_out_as_retryable(string kind)
    {
        var (adapter, endpoint) = Make(kind);
        _server.Enqueue(new Behavior { Delay = TimeSpan.FromSeconds(5) });
        var e = await Assert.ThrowsAsync<ProviderException>(() => adapter.CompleteAsync(endpoint with { Timeout = TimeSpan.FromMilliseconds(200) }, "m", RouterRig.Ask("x"), CancellationToken.None));
        Assert.Equal("PROVIDER_TIMEOUT", e.Code);
        Assert.True(e.Retryable);
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task Stream_cut_before_first_chunk_fails_on_first_read(string kind)
    {
        var (adapter, endpoint) = Make(kind);
        _server.Enqueue(new Behavior { CutAfterChunks = 0 });
        await using var e = adapter.StreamAsync(endpoint, "m", RouterRig.Ask("x"), CancellationToken.None).GetAsyncEnumerator();
        var ex = await Assert.ThrowsAsync<ProviderException>(async () => { while (await e.MoveNextAsync()) { } });
        Assert.True(ex.Retryable);
    }

    [Fact]
    public async Task Azure_deployment_url_and_api_key_header()
    {
        var endpoint = new ProviderEndpoint
        {
            Id = "azure", BaseUrl = _server.BaseUrl, ApiKey = "k-123456", Auth = AuthStyle.ApiKeyHeader,
            ChatPath = "/v1/chat/completions?deployment={model}&api-version={apiVersion}", ApiVersion = "2024-10-21",
        };
        _server.ExpectedKey = null;
        var r = await new OpenAiAdapter(_transport).CompleteAsync(endpoint, "my-gpt4o", RouterRig.Ask("x"), CancellationToken.None);
        Assert.Equal("Hello from the stand-in", r.Content);
        Assert.Equal("/v1/chat/completions?deployment=my-gpt4o&api-version=2024-10-21", _server.Paths.Last());
    }

    [Fact]
    public async Task Gemini_embeddings_round_trip()
    {
        var (adapter, endpoint) = Make("gemini");
        var r = await adapter.EmbedAsync(endpoint, "text-embedding-004", new EmbeddingRequest("text-embedding-004", ["abc", "abcdefgh"], null, null), CancellationToken.None);
        Assert.Equal([0.25f, 8f], r.Vectors[1]);
        Assert.Equal("/v1beta/models/text-embedding-004:batchEmbedContents", _server.Paths.Last());
        Assert.True(r.Usage.Estimated);
    }

    [Fact]
    public async Task OpenAi_embeddings_round_trip()
    {
        var (adapter, endpoint) = Make("openai");
        var r = await adapter.EmbedAsync(endpoint, "emb", new EmbeddingRequest("emb", ["ab", "abcd"], null, null), CancellationToken.None);
        Assert.Equal(2, r.Vectors.Count);
        Assert.Equal(4f, r.Vectors[1][2]);
        Assert.Equal(11, r.Usage.PromptTokens);
    }
}

/// <summary>Reading and writing the OpenAI wire format (our API's side).</summary>
public sealed class OpenAiWireFormatTests
{
    [Fact]
    public void Request_fields_circuit_breaker_and_passthrough_are_read_and_written()
    {
        var body = JsonNode.Parse("""
            {"model":"cb:fastest","messages":[{"role":"developer","content":"sys"},{"role":"user","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"b"}]}],
             "max_completion_tokens":9,"stop":"END","stream":true,"stream_options":{"include_usage":true},"user":"u1","seed":5,"response_format":{"type":"json_object"},
             "circuit_breaker":{"routing_strategy":"cost_optimized","max_cost_per_1k_tokens":0.5,"max_latency_ms":800,"task_type":"coding","fallback_models":["x"],"preferred_providers":["groq"]}}
            """);
        var r = OpenAiWireFormat.ParseRequest(body);
        Assert.Equal(("system", "sys"), (r.Messages[0].Role, r.Messages[0].Content));
        Assert.Equal("ab", r.Messages[1].Content);
        Assert.Equal(9, r.MaxTokens);
        Assert.Equal(["END"], r.Stop!);
        Assert.True(r.Stream && r.IncludeUsage);
        Assert.Equal("u1", r.User);
        Assert.Equal(("cost_optimized", 0.5m, 800d, "coding"), (r.Routing!.RoutingStrategy, r.Routing.MaxCostPer1kTokens!.Value, r.Routing.MaxLatencyMs!.Value, r.Routing.TaskType!));
        Assert.Equal(["groq"], r.Routing.PreferredProviders!);
        var written = OpenAiWireFormat.WriteRequest(r, "real-model", stream: false);
        Assert.Equal(5, written["seed"]!.GetValue<int>());
        Assert.Equal("json_object", written["response_format"]!["type"]!.GetValue<string>());
        Assert.Null(written["circuit_breaker"]);
        Assert.Equal("real-model", written["model"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", "'model' is required")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"n":3}""", "'n'")]
    [InlineData("""{"model":"m","messages":[{"role":"tool","content":"x"}]}""", "tool_call_id")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":5}]}""", "content")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":"hot"}""", "temperature")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"circuit_breaker":[1]}""", "circuit_breaker")]
    public void Bad_requests_are_invalid_request_errors(string json, string mentions)
    {
        var e = Assert.Throws<LlmException>(() => OpenAiWireFormat.ParseRequest(JsonNode.Parse(json)));
        Assert.Equal(("INVALID_REQUEST", 400), (e.Code, e.Status));
        Assert.Contains(mentions, e.Message);
    }
}
