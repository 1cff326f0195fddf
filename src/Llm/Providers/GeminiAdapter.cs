using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CircuitBreaker.Llm.Model;

namespace CircuitBreaker.Llm.Providers;

/// <summary>Google Gemini <c>generateContent</c> / <c>streamGenerateContent?alt=sse</c> with function calling.</summary>
public sealed class GeminiAdapter(ProviderTransport transport) : IProviderAdapter
{
    /// <inheritdoc />
    public string Name => "gemini";

    /// <inheritdoc />
    public async Task<ChatResponse> CompleteAsync(ProviderEndpoint endpoint, string model, ChatRequest request, CancellationToken cancellationToken)
    {
        using var cts = ProviderTransport.TimeoutSource(endpoint, cancellationToken);
        using var response = await transport.PostAsync(endpoint, endpoint.Url(endpoint.ChatPath ?? "/v1beta/models/{model}:generateContent", model),
            WriteRequest(request), false, cancellationToken, cts.Token);
        var json = await ProviderTransport.ReadJsonAsync(endpoint, response, cancellationToken, cts.Token);
        try
        {
            var (chunk, calls) = ParseCandidate(json, 0);
            return new ChatResponse
            {
                Id = json["responseId"]?.GetValue<string>() ?? "",
                Model = json["modelVersion"]?.GetValue<string>() ?? model,
                Content = chunk.ContentDelta,
                ToolCalls = calls.Count > 0 ? calls : null,
                FinishReason = calls.Count > 0 ? "tool_calls" : chunk.FinishReason ?? "stop",
                Usage = chunk.Usage,
            };
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException) { throw ProviderTransport.BadResponse(endpoint, e.Message); }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StreamChunk> StreamAsync(ProviderEndpoint endpoint, string model, ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var cts = ProviderTransport.TimeoutSource(endpoint, cancellationToken);
        using var response = await transport.PostAsync(endpoint, endpoint.Url(endpoint.ChatPath is null ? "/v1beta/models/{model}:streamGenerateContent?alt=sse" : endpoint.ChatPath.Replace(":generateContent", ":streamGenerateContent?alt=sse", StringComparison.Ordinal), model),
            WriteRequest(request), true, cancellationToken, cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        await using var events = SseReader.ReadAsync(stream, cts.Token).GetAsyncEnumerator(cts.Token);
        var toolIndex = 0;
        var first = true;
        LlmUsage? usage = null;
        var finished = false;
        while (true)
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
            StreamChunk chunk;
            List<ToolCall> calls;
            try
            {
                var node = JsonNode.Parse(e.Data) ?? throw new FormatException("empty event");
                if (node["error"] is JsonObject err)
                    throw new ProviderException(endpoint.Id, 502, "PROVIDER_STREAM_ERROR", endpoint.Redact(err["message"]?.GetValue<string>() ?? "stream error"), true);
                (chunk, calls) = ParseCandidate(node, toolIndex);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException)
            {
                throw ProviderTransport.BadResponse(endpoint, ex.Message);
            }
            // Gemini repeats cumulative usage on every chunk; only the last one is passed on.
            usage = chunk.Usage ?? usage;
            chunk.Usage = null;
            if (calls.Count > 0)
            {
                chunk.ToolCalls = [.. calls.Select(c => new ToolCallDelta(toolIndex++, c.Id, c.Name, c.Arguments))];
                if (chunk.FinishReason is not null) chunk.FinishReason = "tool_calls";
            }
            if (first) { chunk.Role = "assistant"; first = false; }
            finished |= chunk.FinishReason is not null;
            yield return chunk;
        }
        if (!finished) throw ProviderTransport.BadResponse(endpoint, "stream ended before a finishReason");
        if (usage is not null) yield return new StreamChunk { Usage = usage };
    }

    /// <inheritdoc />
    public async Task<EmbeddingResponse> EmbedAsync(ProviderEndpoint endpoint, string model, EmbeddingRequest request, CancellationToken cancellationToken)
    {
        using var cts = ProviderTransport.TimeoutSource(endpoint, cancellationToken);
        var body = new JsonObject
        {
            ["requests"] = new JsonArray([.. request.Inputs.Select(i => (JsonNode?)new JsonObject
            {
                ["model"] = "models/" + model,
                ["content"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = i }) },
            })]),
        };
        using var response = await transport.PostAsync(endpoint, endpoint.Url(endpoint.EmbeddingsPath ?? "/v1beta/models/{model}:batchEmbedContents", model), body, false, cancellationToken, cts.Token);
        var json = await ProviderTransport.ReadJsonAsync(endpoint, response, cancellationToken, cts.Token);
        try
        {
            var vectors = (json["embeddings"] as JsonArray ?? throw new FormatException("no embeddings"))
                .Select(x => (x?["values"] as JsonArray ?? throw new FormatException("no values")).Select(v => v!.GetValue<float>()).ToArray()).ToList();
            return new EmbeddingResponse(model, vectors, new LlmUsage(request.Inputs.Sum(i => i.Length) / 4, 0, Estimated: true));
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException) { throw ProviderTransport.BadResponse(endpoint, e.Message); }
    }

    /// <summary>Builds the <c>generateContent</c> body.</summary>
    public static JsonObject WriteRequest(ChatRequest request)
    {
        var o = new JsonObject();
        var system = string.Join("\n\n", request.Messages.Where(m => m.Role == "system").Select(m => m.Content));
        if (system.Length > 0) o["systemInstruction"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = system }) };
        var namesById = request.Messages.SelectMany(m => m.ToolCalls ?? []).GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First().Name);
        var contents = new JsonArray();
        JsonObject? last = null;
        foreach (var m in request.Messages.Where(m => m.Role != "system"))
        {
            var role = m.Role == "assistant" ? "model" : "user";
            var parts = new JsonArray();
            if (m.Role == "tool")
            {
                var name = m.Name ?? (m.ToolCallId is not null && namesById.TryGetValue(m.ToolCallId, out var n) ? n : "tool");
                parts.Add(new JsonObject { ["functionResponse"] = new JsonObject { ["name"] = name, ["response"] = ToolResult(m.Content) } });
            }
            else
            {
                if (!string.IsNullOrEmpty(m.Content)) parts.Add(new JsonObject { ["text"] = m.Content });
                foreach (var c in m.ToolCalls ?? [])
                    parts.Add(new JsonObject { ["functionCall"] = new JsonObject { ["name"] = c.Name, ["args"] = ParseArgs(c.Arguments) } });
            }
            if (last is not null && last["role"]!.GetValue<string>() == role)
            {
                var existing = (JsonArray)last["parts"]!;
                foreach (var p in parts.ToList()) { parts.Remove(p); existing.Add(p); }
            }
            else
            {
                last = new JsonObject { ["role"] = role, ["parts"] = parts };
                contents.Add(last);
            }
        }
        o["contents"] = contents;
        var config = new JsonObject();
        if (request.Temperature is { } t) config["temperature"] = t;
        if (request.TopP is { } p2) config["topP"] = p2;
        if (request.MaxTokens is { } mt) config["maxOutputTokens"] = mt;
        if (request.Stop is { Count: > 0 }) config["stopSequences"] = new JsonArray([.. request.Stop.Select(s => (JsonNode?)s)]);
        if (config.Count > 0) o["generationConfig"] = config;
        if (request.Tools is { Count: > 0 })
        {
            o["tools"] = new JsonArray(new JsonObject
            {
                ["functionDeclarations"] = new JsonArray([.. request.Tools.Select(t => (JsonNode?)new JsonObject
                {
                    ["name"] = t.Name,
                    ["description"] = t.Description,
                    ["parameters"] = t.Parameters?.DeepClone() ?? new JsonObject { ["type"] = "object" },
                })]),
            });
            var mode = request.ToolChoice switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => s switch { "required" => "ANY", "none" => "NONE", _ => "AUTO" },
                JsonObject => "ANY",
                _ => null,
            };
            if (mode is not null)
            {
                var fcc = new JsonObject { ["mode"] = mode };
                if (request.ToolChoice?["function"]?["name"]?.GetValue<string>() is { } only) fcc["allowedFunctionNames"] = new JsonArray(only);
                o["toolConfig"] = new JsonObject { ["functionCallingConfig"] = fcc };
            }
        }
        return o;
    }

    private static (StreamChunk Chunk, List<ToolCall> Calls) ParseCandidate(JsonNode json, int toolIndexBase)
    {
        var candidate = (json["candidates"] as JsonArray)?.FirstOrDefault();
        var calls = new List<ToolCall>();
        string? text = null;
        if (candidate?["content"]?["parts"] is JsonArray parts)
        {
            foreach (var part in parts)
            {
                if (part?["text"] is JsonValue tv) text = (text ?? "") + tv.GetValue<string>();
                if (part?["functionCall"] is JsonObject fc)
                    calls.Add(new ToolCall(fc["id"]?.GetValue<string>() ?? $"call_{toolIndexBase + calls.Count}", fc["name"]?.GetValue<string>() ?? "", fc["args"]?.ToJsonString() ?? "{}"));
            }
        }
        var u = json["usageMetadata"];
        var usage = u is null ? null : new LlmUsage(Int(u, "promptTokenCount"), Int(u, "candidatesTokenCount") + Int(u, "thoughtsTokenCount"), Int(u, "cachedContentTokenCount"));
        var finish = candidate?["finishReason"]?.GetValue<string>() switch
        {
            null or "FINISH_REASON_UNSPECIFIED" => null,
            "STOP" => "stop",
            "MAX_TOKENS" => "length",
            "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" => "content_filter",
            _ => "stop",
        };
        return (new StreamChunk { Id = json["responseId"]?.GetValue<string>(), ContentDelta = text, FinishReason = finish, Usage = usage }, calls);
    }

    private static JsonNode ToolResult(string? content)
    {
        try
        {
            if (content is not null && JsonNode.Parse(content) is JsonObject obj) return obj;
        }
        catch (System.Text.Json.JsonException)
        {
            // Plain text result.
        }
        return new JsonObject { ["result"] = content ?? "" };
    }

    private static JsonNode ParseArgs(string arguments)
    {
        try { return JsonNode.Parse(string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments) as JsonObject ?? new JsonObject(); }
        catch (System.Text.Json.JsonException) { return new JsonObject(); }
    }

    private static int Int(JsonNode? node, string name) => node?[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i : 0;
}
