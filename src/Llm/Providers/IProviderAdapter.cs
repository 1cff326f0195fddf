using CircuitBreaker.Llm.Model;

namespace CircuitBreaker.Llm.Providers;

/// <summary>Speaks one provider wire protocol; maps it to and from the router's model.</summary>
public interface IProviderAdapter
{
    /// <summary>Adapter name used in the catalog (<c>openai</c>, <c>anthropic</c>, <c>gemini</c>).</summary>
    string Name { get; }

    /// <summary>Sends <paramref name="request"/> to <paramref name="model"/> and returns the whole answer.</summary>
    Task<ChatResponse> CompleteAsync(ProviderEndpoint endpoint, string model, ChatRequest request, CancellationToken cancellationToken);

    /// <summary>Streams the answer; failures before the first chunk surface from the first <c>MoveNextAsync</c>.</summary>
    IAsyncEnumerable<StreamChunk> StreamAsync(ProviderEndpoint endpoint, string model, ChatRequest request, CancellationToken cancellationToken);

    /// <summary>Embeds texts; adapters without embeddings throw <see cref="NotSupportedException"/>.</summary>
    Task<EmbeddingResponse> EmbedAsync(ProviderEndpoint endpoint, string model, EmbeddingRequest request, CancellationToken cancellationToken);
}
