using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CircuitBreaker.Llm.Model;

namespace CircuitBreaker.Llm.Providers;

/// <summary>Anthropic Messages API (<c>POST /v1/messages</c>), its SSE event stream and tool use.</summary>
public sealed class AnthropicAdapter(ProviderTransport transport) : IProviderAdapter
{
    private const int DefaultMaxTokens = 4096;

    /// <inheritdoc />
    public string Name => "anthropic";

    /// <inheritdoc />
    public async Task<ChatResponse> CompleteAsync(ProviderEndpoint endpoint, string model, ChatRequest request, CancellationToken cancellationToken)
    {
        endpoint = WithVersion(endpoint);
        using var cts = ProviderTransport.TimeoutSource(endpoint, cancellationToken);
        using var response = await transport.PostAsync(endpoint, endpoint.Url(endpoint.ChatPath ?? "/v1/messages", model),
            WriteRequest(request, model, false), false, cancellationToken, cts.Token);
        var json = await ProviderTransport.ReadJsonAsync(endpoint, response, cancellationToken, cts.Token);
        try { return ParseResponse(json); }
        catch (Exception e) when (e is FormatException or InvalidOperationException or LlmException) { throw ProviderTransport.BadResponse(endpoint, e.Message); }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StreamChunk> StreamAsync(ProviderEndpoint endpoint, string model, ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        endpoint = WithVersion(endpoint);
        using var cts = ProviderTransport.TimeoutSource(endpoint, cancellationToken);
        using var response = await transport.PostAsync(endpoint, endpoint.Url(endpoint.ChatPath ?? "/v1/messages", model),
            WriteRequest(request, model, true), true, cancellationToken, cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        await using var events = SseReader.ReadAsync(stream, cts.Token).GetAsyncEnumerator(cts.Token);
        var toolIndexByBlock = new Dictionary<int, int>();
        int inputTokens = 0, cachedTokens = 0, outputTokens = 0;
        string? id = null;
        var stopped = false;
        while (!stopped)
        {
            SseEvent e;
            try
            {
                // For streams the timeout bounds the provider's wait for each event, not the whole (possibly long)
                // generation, and the clock stops while the consumer handles an event: its time is not the provider's.
                cts.CancelAfter(endpoint.Timeout);
                if (!await events.MoveNextAsync()) break;
                cts.CancelAfter(Timeout.InfiniteTimeSpan);
                e = events.Current;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { throw ProviderTransport.Timeout(endpoint); }
            catch (Exception ex) when (ex is HttpRequestException or IOException) { throw ProviderTransport.BadResponse(endpoint, "stream cut: " + ex.Message); }
            JsonNode node;
            try { node = JsonNode.Parse(e.Data) ?? throw new FormatException("empty event"); }
            catch (System.Text.Json.JsonException ex) { throw ProviderTransport.BadResponse(endpoint, ex.Message); }
            var type = e.Event ?? node["type"]?.GetValue<string>();
            StreamChunk? chunk = null;
            switch (type)
            {
                case "message_start":
                    id = node["message"]?["id"]?.GetValue<string>();
                    var u = node["message"]?["usage"];
                    inputTokens = Int(u, "input_tokens") + Int(u, "cache_read_input_tokens") + Int(u, "cache_creation_input_tokens");
                    cachedTokens = Int(u, "cache_read_input_tokens");
                    outputTokens = Int(u, "output_tokens");
                    chunk = new StreamChunk { Id = id, Role = "assistant" };
                    break;
                case "content_block_start":
                    var block = node["content_block"];
                    if (block?["type"]?.GetValue<string>() == "tool_use")
                    {
                        var index = toolIndexByBlock.Count;
                        toolIndexByBlock[Int(node, "index")] = index;
                        chunk = new StreamChunk { Id = id, ToolCalls = [new ToolCallDelta(index, block["id"]?.GetValue<string>(), block["name"]?.GetValue<string>(), "")] };
                    }
                    break;
                case "content_block_delta":
                    var delta = node["delta"];
                    switch (delta?["type"]?.GetValue<string>())
                    {
                        case "text_delta":
                            chunk = new StreamChunk { Id = id, ContentDelta = delta["text"]?.GetValue<string>() };
                            break;
                        case "input_json_delta" when toolIndexByBlock.TryGetValue(Int(node, "index"), out var ti):
                            chunk = new StreamChunk { Id = id, ToolCalls = [new ToolCallDelta(ti, null, null, delta["partial_json"]?.GetValue<string>())] };
                            break;
                    }
                    break;
                case "message_delta":
                    outputTokens = Math.Max(outputTokens, Int(node["usage"], "output_tokens"));
                    if (node["usage"]?["input_tokens"] is not null) inputTokens = Int(node["usage"], "input_tokens");
                    chunk = new StreamChunk { Id = id, FinishReason = MapStop(node["delta"]?["stop_reason"]?.GetValue<string>()) };
                    break;
                case "message_stop":
                    stopped = true;
                    chunk = new StreamChunk { Id = id, Usage = new LlmUsage(inputTokens, outputTokens, cachedTokens) };
                    break;
                case "error":
                    var msg = node["error"]?["message"]?.GetValue<string>() ?? "stream error";
                    var overloaded = node["error"]?["type"]?.GetValue<string>() is "overloaded_error" or "api_error" or "rate_limit_error";
                    throw new ProviderException(endpoint.Id, overloaded ? 529 : 502, "PROVIDER_STREAM_ERROR", endpoint.Redact(msg), true);
            }
            if (chunk is not null) yield return chunk;
        }
        if (!stopped) throw ProviderTransport.BadResponse(endpoint, "stream ended before message_stop");
    }

    /// <inheritdoc />
    public Task<EmbeddingResponse> EmbedAsync(ProviderEndpoint endpoint, string model, EmbeddingRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Anthropic has no embeddings endpoint");

    // Anthropic refuses calls without an anthropic-version header.
    private static ProviderEndpoint WithVersion(ProviderEndpoint endpoint)
    {
        if (endpoint.Headers.Keys.Any(k => k.Equals("anthropic-version", StringComparison.OrdinalIgnoreCase))) return endpoint;
        var headers = new Dictionary<string, string>(endpoint.Headers) { ["anthropic-version"] = endpoint.ApiVersion ?? "2023-06-01" };
        return endpoint with { Headers = headers };
    }

    /// <summary>Builds the Messages API body.</summary>
    public static JsonObject WriteRequest(ChatRequest request, string model, bool stream)
    {
        var o = new JsonObject { ["model"] = model, ["max_tokens"] = request.MaxTokens ?? DefaultMaxTokens };
        var system = string.Join("\n\n", request.Messages.Where(m => m.Role == "system").Select(m => m.Content));
        if (system.Length > 0) o["system"] = system;
        var messages = new JsonArray();
        JsonObject? last = null;
        foreach (var m in request.Messages.Where(m => m.Role != "system"))
        {
            var role = m.Role == "assistant" ? "assistant" : "user";
            var blocks = new JsonArray();
            if (m.Role == "tool")
                blocks.Add(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = m.ToolCallId, ["content"] = m.Content ?? "" });
            else
            {
                if (!string.IsNullOrEmpty(m.Content)) blocks.Add(new JsonObject { ["type"] = "text", ["text"] = m.Content });
                foreach (var c in m.ToolCalls ?? [])
                    blocks.Add(new JsonObject { ["type"] = "tool_use", ["id"] = c.Id, ["name"] = c.Name, ["input"] = ParseArgs(c.Arguments) });
            }
            // Anthropic wants alternating roles: consecutive same-role turns (e.g. several tool results) become one.
            if (last is not null && last["role"]!.GetValue<string>() == role)
            {
                var existing = (JsonArray)last["content"]!;
                foreach (var b in blocks.ToList()) { blocks.Remove(b); existing.Add(b); }
            }
            else
            {
                last = new JsonObject { ["role"] = role, ["content"] = blocks };
                messages.Add(last);
            }
        }
        o["messages"] = messages;
        if (request.Temperature is { } t) o["temperature"] = Math.Min(t, 1.0);
        if (request.TopP is { } p) o["top_p"] = p;
        if (request.Stop is { Count: > 0 }) o["stop_sequences"] = new JsonArray([.. request.Stop.Select(s => (JsonNode?)s)]);
        if (request.Tools is { Count: > 0 })
        {
            o["tools"] = new JsonArray([.. request.Tools.Select(t => (JsonNode?)new JsonObject
            {
                ["name"] = t.Name,
                ["description"] = t.Description,
                ["input_schema"] = t.Parameters?.DeepClone() ?? new JsonObject { ["type"] = "object" },
            })]);
            if (ToolChoice(request.ToolChoice) is { } tc) o["tool_choice"] = tc;
        }
        if (request.User is not null) o["metadata"] = new JsonObject { ["user_id"] = request.User };
        if (stream) o["stream"] = true;
        return o;
    }

    /// <summary>Reads a Messages API answer.</summary>
    public static ChatResponse ParseResponse(JsonNode json)
    {
        var content = json["content"] as JsonArray ?? throw new FormatException("no content");
        var text = string.Concat(content.Where(b => b?["type"]?.GetValue<string>() == "text").Select(b => b!["text"]?.GetValue<string>()));
        var calls = content.Where(b => b?["type"]?.GetValue<string>() == "tool_use")
            .Select(b => new ToolCall(b!["id"]?.GetValue<string>() ?? "", b["name"]?.GetValue<string>() ?? "", b["input"]?.ToJsonString() ?? "{}"))
            .ToList();
        var u = json["usage"];
        var cached = Int(u, "cache_read_input_tokens");
        return new ChatResponse
        {
            Id = json["id"]?.GetValue<string>() ?? "",
            Model = json["model"]?.GetValue<string>() ?? "",
            Content = calls.Count > 0 && text.Length == 0 ? null : text,
            ToolCalls = calls.Count > 0 ? calls : null,
            FinishReason = MapStop(json["stop_reason"]?.GetValue<string>()),
            Usage = u is null ? null : new LlmUsage(Int(u, "input_tokens") + cached + Int(u, "cache_creation_input_tokens"), Int(u, "output_tokens"), cached),
        };
    }

    private static JsonNode? ToolChoice(JsonNode? choice) => choice switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s switch
        {
            "auto" => new JsonObject { ["type"] = "auto" },
            "required" => new JsonObject { ["type"] = "any" },
            "none" => new JsonObject { ["type"] = "none" },
            _ => null,
        },
        JsonObject o when o["function"]?["name"]?.GetValue<string>() is { } name => new JsonObject { ["type"] = "tool", ["name"] = name },
        _ => null,
    };

    private static JsonNode ParseArgs(string arguments)
    {
        try { return JsonNode.Parse(string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments) as JsonObject ?? new JsonObject(); }
        catch (System.Text.Json.JsonException) { return new JsonObject(); }
    }

    private static string? MapStop(string? reason) => reason switch
    {
        null => null,
        "end_turn" or "stop_sequence" or "pause_turn" => "stop",
        "max_tokens" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",
        _ => "stop",
    };

    private static int Int(JsonNode? node, string name) => node?[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i : 0;
}
