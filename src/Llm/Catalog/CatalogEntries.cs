namespace CircuitBreaker.Llm.Catalog;

/// <summary>A provider as the catalog describes it (no secret: only where the key comes from).</summary>
public sealed record ProviderEntry
{
    /// <summary>Provider id, e.g. <c>openai</c>.</summary>
    public string Id { get; init; } = "";
    /// <summary>Display name.</summary>
    public string? Name { get; init; }
    /// <summary>The kind of provider it was configured as (a catalog provider id or a wire protocol); null = its id.</summary>
    public string? ProviderType { get; init; }
    /// <summary>Wire protocol: <c>openai</c>, <c>anthropic</c> or <c>gemini</c>.</summary>
    public string Adapter { get; init; } = "openai";
    /// <summary>Base URL.</summary>
    public string BaseUrl { get; init; } = "";
    /// <summary><c>bearer</c>, <c>api-key</c>, <c>x-api-key</c>, <c>x-goog-api-key</c> or <c>none</c>.</summary>
    public string Auth { get; init; } = "bearer";
    /// <summary>Environment variable holding the key.</summary>
    public string? ApiKeyEnv { get; init; }
    /// <summary>Name of a configured secret (<c>Llm:Keys:{apiKeyId}</c>) holding the key; wins over <see cref="ApiKeyEnv"/>.</summary>
    public string? ApiKeyId { get; init; }
    /// <summary>Chat path template below the base URL.</summary>
    public string? ChatPath { get; init; }
    /// <summary>Embeddings path template below the base URL.</summary>
    public string? EmbeddingsPath { get; init; }
    /// <summary>API version (Azure, Anthropic).</summary>
    public string? ApiVersion { get; init; }
    /// <summary>Whether the provider serves embeddings.</summary>
    public bool Embeddings { get; init; }
    /// <summary>Per-attempt timeout in milliseconds (default 60,000).</summary>
    public double? TimeoutMs { get; init; }
    /// <summary>Extra headers.</summary>
    public Dictionary<string, string>? Headers { get; init; }
    /// <summary>False hides the provider from routing.</summary>
    public bool Enabled { get; init; } = true;
}

/// <summary>Price and abilities of one model at one provider. Prices in the file are USD per million tokens.</summary>
public sealed record ModelEntry
{
    /// <summary>Display name (null = the model id).</summary>
    public string? Name { get; init; }
    /// <summary>Most tokens the model generates in one answer, when known.</summary>
    public int? MaxOutputTokens { get; init; }
    /// <summary>Provider id.</summary>
    public string Provider { get; init; } = "";
    /// <summary>Model id as the provider names it.</summary>
    public string Model { get; init; } = "";
    /// <summary>USD per million input tokens.</summary>
    public decimal InputPerMTok { get; init; }
    /// <summary>USD per million output tokens.</summary>
    public decimal OutputPerMTok { get; init; }
    /// <summary>USD per million cached input tokens (null = same as input).</summary>
    public decimal? CachedInputPerMTok { get; init; }
    /// <summary>Context window in tokens.</summary>
    public int ContextWindow { get; init; }
    /// <summary>Tags: <c>chat</c>, <c>tools</c>, <c>streaming</c>, <c>vision</c>, <c>embeddings</c>, <c>coding</c>, <c>analysis</c>, <c>creative</c>, <c>fast</c>, <c>cheap</c> …</summary>
    public List<string> Capabilities { get; init; } = [];

    /// <summary>
    /// True for an entry the catalog made up for a model it has no price for (see <see cref="UnpricedModelPolicy"/>):
    /// such a model would be charged nothing, so the router refuses it for calls that are charged to a budget.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Unpriced { get; init; }

    /// <summary>USD per input token.</summary>
    public decimal InputPerToken => InputPerMTok / 1_000_000m;
    /// <summary>USD per output token.</summary>
    public decimal OutputPerToken => OutputPerMTok / 1_000_000m;
    /// <summary>USD per cached input token.</summary>
    public decimal CachedInputPerToken => (CachedInputPerMTok ?? InputPerMTok) / 1_000_000m;
    /// <summary>(input + output) / 2 per 1,000 tokens: what <c>max_cost_per_1k_tokens</c> compares with.</summary>
    public decimal BlendedPer1k => (InputPerMTok + OutputPerMTok) / 2m / 1000m;
    /// <summary><c>provider/model</c>.</summary>
    public string Key => $"{Provider}/{Model}";

    /// <summary>Whether the model has a tag.</summary>
    public bool Has(string capability) => Capabilities.Contains(capability, StringComparer.OrdinalIgnoreCase);

    /// <summary>Cost of a call with <paramref name="usage"/>.</summary>
    public decimal Cost(Model.LlmUsage usage)
    {
        var cached = Math.Min(usage.CachedTokens, usage.PromptTokens);
        return (usage.PromptTokens - cached) * InputPerToken + cached * CachedInputPerToken + usage.CompletionTokens * OutputPerToken;
    }
}

/// <summary>A named model that routes to several real ones.</summary>
public sealed record VirtualModelEntry
{
    /// <summary>Name clients use, e.g. <c>cb:fastest</c>.</summary>
    public string Name { get; init; } = "";
    /// <summary>Default strategy.</summary>
    public string Strategy { get; init; } = "failover";
    /// <summary>Candidates as <c>provider/model</c> or bare model ids; empty = every configured chat model.</summary>
    public List<string> Models { get; init; } = [];
    /// <summary>Weights for <c>weighted</c> routing, by entry of <see cref="Models"/>.</summary>
    public Dictionary<string, double>? Weights { get; init; }
    /// <summary>Default task type for task-specific routing.</summary>
    public string? TaskType { get; init; }
    /// <summary>What it is for.</summary>
    public string? Description { get; init; }
}
