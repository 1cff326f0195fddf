namespace CircuitBreaker.Llm.Providers;

/// <summary>Everything an adapter needs to reach one provider; the key is resolved and never leaves the process.</summary>
public sealed record ProviderEndpoint
{
    /// <summary>Provider id, e.g. <c>openai</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Base URL, e.g. <c>https://api.openai.com/v1</c>.</summary>
    public required string BaseUrl { get; init; }
    /// <summary>How the key is sent.</summary>
    public AuthStyle Auth { get; init; } = AuthStyle.Bearer;
    /// <summary>The secret; null when none is configured.</summary>
    public string? ApiKey { get; init; }
    /// <summary>Path template of chat completions below <see cref="BaseUrl"/>; <c>{model}</c> and <c>{apiVersion}</c> are filled in.</summary>
    public string? ChatPath { get; init; }
    /// <summary>Path template of embeddings.</summary>
    public string? EmbeddingsPath { get; init; }
    /// <summary>API version (Azure <c>api-version</c>, Anthropic <c>anthropic-version</c>).</summary>
    public string? ApiVersion { get; init; }
    /// <summary>Extra headers sent on every call.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    /// <summary>Per-attempt timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Absolute URL of <paramref name="template"/> for <paramref name="model"/>.</summary>
    public Uri Url(string template, string model) =>
        new(BaseUrl.TrimEnd('/') + template.Replace("{model}", Uri.EscapeDataString(model), StringComparison.Ordinal)
            .Replace("{apiVersion}", Uri.EscapeDataString(ApiVersion ?? ""), StringComparison.Ordinal));

    /// <summary>Replaces every occurrence of the key in <paramref name="text"/> so that it never reaches output or logs.</summary>
    public string Redact(string text) =>
        string.IsNullOrEmpty(ApiKey) || ApiKey.Length < 4 ? text : text.Replace(ApiKey, "***", StringComparison.Ordinal);
}

/// <summary>How a provider expects its key.</summary>
public enum AuthStyle
{
    /// <summary><c>Authorization: Bearer key</c>.</summary>
    Bearer,
    /// <summary><c>api-key: key</c> (Azure OpenAI).</summary>
    ApiKeyHeader,
    /// <summary><c>x-api-key: key</c> (Anthropic).</summary>
    XApiKey,
    /// <summary><c>x-goog-api-key: key</c> (Google Gemini).</summary>
    GoogApiKey,
    /// <summary>No key (local servers).</summary>
    None,
}
