namespace CircuitBreaker.Llm.Catalog;

/// <summary>Operator changes to a provider (configuration <c>Llm:Providers:{id}:*</c> or the admin API); null fields keep the catalog's value.</summary>
public sealed record ProviderOverride
{
    /// <summary>Display name.</summary>
    public string? Name { get; init; }
    /// <summary>The kind of provider (a catalog provider id or a wire protocol).</summary>
    public string? ProviderType { get; init; }
    /// <summary>Wire protocol.</summary>
    public string? Adapter { get; init; }
    /// <summary>Base URL.</summary>
    public string? BaseUrl { get; init; }
    /// <summary>Auth style.</summary>
    public string? Auth { get; init; }
    /// <summary>Environment variable holding the key.</summary>
    public string? ApiKeyEnv { get; init; }
    /// <summary>Configured secret name holding the key.</summary>
    public string? ApiKeyId { get; init; }
    /// <summary>Chat path template.</summary>
    public string? ChatPath { get; init; }
    /// <summary>Embeddings path template.</summary>
    public string? EmbeddingsPath { get; init; }
    /// <summary>API version.</summary>
    public string? ApiVersion { get; init; }
    /// <summary>Serves embeddings.</summary>
    public bool? Embeddings { get; init; }
    /// <summary>Per-attempt timeout (ms).</summary>
    public double? TimeoutMs { get; init; }
    /// <summary>Routable.</summary>
    public bool? Enabled { get; init; }
    /// <summary>Extra headers (replace the catalog's).</summary>
    public Dictionary<string, string>? Headers { get; init; }

    /// <summary>This override laid over <paramref name="entry"/> (or over an empty entry for a new provider).</summary>
    public ProviderEntry ApplyTo(string id, ProviderEntry? entry)
    {
        var e = entry ?? new ProviderEntry { Id = id };
        return e with
        {
            Name = Name ?? e.Name,
            ProviderType = ProviderType ?? e.ProviderType,
            Adapter = Adapter ?? e.Adapter,
            BaseUrl = BaseUrl ?? e.BaseUrl,
            Auth = Auth ?? e.Auth,
            ApiKeyEnv = ApiKeyEnv ?? e.ApiKeyEnv,
            ApiKeyId = ApiKeyId ?? e.ApiKeyId,
            ChatPath = ChatPath ?? e.ChatPath,
            EmbeddingsPath = EmbeddingsPath ?? e.EmbeddingsPath,
            ApiVersion = ApiVersion ?? e.ApiVersion,
            Embeddings = Embeddings ?? e.Embeddings,
            TimeoutMs = TimeoutMs ?? e.TimeoutMs,
            Enabled = Enabled ?? e.Enabled,
            Headers = Headers ?? e.Headers,
        };
    }
}
