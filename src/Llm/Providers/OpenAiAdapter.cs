using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CircuitBreaker.Llm.Model;

namespace CircuitBreaker.Llm.Providers;

/// <summary>OpenAI chat completions (and every server speaking it: Azure OpenAI, Groq, Together, vLLM, Ollama …).</summary>
public sealed class OpenAiAdapter(ProviderTransport transport) : IProviderAdapter
{
    /// <inheritdoc />
    public string Name => "openai";

    /// <inheritdoc />
    public async Task<ChatResponse> CompleteAsync(ProviderEndpoint endpoint, string model, ChatRequest request, CancellationToken cancellationToken)
    {
        using var cts = ProviderTransport.TimeoutSource(endpoint, cancellationToken);
        using var response = await transport.PostAsync(endpoint, endpoint.Url(endpoint.ChatPath ?? "/chat/completions", model),
            OpenAiWireFormat.WriteRequest(request, model, stream: false), false, cancellationToken, cts.Token);
        var json = await ProviderTransport.ReadJsonAsync(endpoint, response, cancellationToken, cts.Token);
        try { return OpenAiWireFormat.ParseResponse(json); }
        catch (Exception e) when (e is FormatException or LlmException or InvalidOperationException) { throw ProviderTransport.BadResponse(endpoint, e.Message); }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StreamChunk> StreamAsync(ProviderEndpoint endpoint, string model, ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var cts = ProviderTransport.TimeoutSource(endpoint, cancellationToken);
        using var response = await transport.PostAsync(endpoint, endpoint.Url(endpoint.ChatPath ?? "/chat/completions", model),
            OpenAiWireFormat.WriteRequest(request, model, stream: true), true, cancellationToken, cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        await using var events = SseReader.ReadAsync(stream, cts.Token).GetAsyncEnumerator(cts.Token);
        var done = false;
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
            if (e.Data == "[DONE]") { done = true; break; }
            StreamChunk chunk;
            try
            {
                var node = JsonNode.Parse(e.Data) ?? throw new FormatException("empty event");
                if (node["error"] is JsonObject err)
                    throw new ProviderException(endpoint.Id, 502, "PROVIDER_STREAM_ERROR", endpoint.Redact(err["message"]?.GetValue<string>() ?? "stream error"), true);
                chunk = OpenAiWireFormat.ParseChunk(node);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or LlmException or InvalidOperationException)
            {
                throw ProviderTransport.BadResponse(endpoint, ex.Message);
            }
            finished |= chunk.FinishReason is not null;
            yield return chunk;
        }
        // Some servers close without [DONE] after the finish reason; ending before either means the stream was cut.
        if (!done && !finished) throw ProviderTransport.BadResponse(endpoint, "stream ended before its finish");
    }

    /// <inheritdoc />
    public async Task<EmbeddingResponse> EmbedAsync(ProviderEndpoint endpoint, string model, EmbeddingRequest request, CancellationToken cancellationToken)
    {
        using var cts = ProviderTransport.TimeoutSource(endpoint, cancellationToken);
        var body = new JsonObject { ["model"] = model, ["input"] = new JsonArray([.. request.Inputs.Select(i => (JsonNode?)i)]) };
        if (request.Dimensions is { } d) body["dimensions"] = d;
        if (request.User is not null) body["user"] = request.User;
        using var response = await transport.PostAsync(endpoint, endpoint.Url(endpoint.EmbeddingsPath ?? "/embeddings", model), body, false, cancellationToken, cts.Token);
        var json = await ProviderTransport.ReadJsonAsync(endpoint, response, cancellationToken, cts.Token);
        try
        {
            var data = (json["data"] as JsonArray ?? throw new FormatException("no data"))
                .OrderBy(x => x?["index"]?.GetValue<int>() ?? 0)
                .Select(x => (x?["embedding"] as JsonArray ?? throw new FormatException("no embedding")).Select(v => v!.GetValue<float>()).ToArray())
                .ToList();
            var usage = json["usage"];
            return new EmbeddingResponse(json["model"]?.GetValue<string>() ?? model, data,
                new LlmUsage(usage?["prompt_tokens"]?.GetValue<int>() ?? 0, 0));
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException) { throw ProviderTransport.BadResponse(endpoint, e.Message); }
    }
}
