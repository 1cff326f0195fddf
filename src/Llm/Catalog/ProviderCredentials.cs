using CircuitBreaker.Llm.Providers;

namespace CircuitBreaker.Llm.Catalog;

/// <summary>Turns a catalog provider into a callable endpoint, looking its key up by <c>apiKeyId</c> (configured secrets) or environment variable.</summary>
/// <param name="secrets">Configured secrets by id (e.g. <c>Llm:Keys:{id}</c>); null = none.</param>
/// <param name="environment">Environment lookup (defaults to the process environment).</param>
public sealed class ProviderCredentials(Func<string, string?>? secrets = null, Func<string, string?>? environment = null)
{
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    /// <summary>The key of <paramref name="provider"/>, or null when none is configured.</summary>
    public string? KeyOf(ProviderEntry provider)
    {
        if (provider.ApiKeyId is { Length: > 0 } id && secrets?.Invoke(id) is { Length: > 0 } s) return s;
        return provider.ApiKeyEnv is { Length: > 0 } env && _environment(env) is { Length: > 0 } e ? e : null;
    }

    /// <summary>Whether the provider can be called: enabled and either keyless or with a key present.</summary>
    public bool IsUsable(ProviderEntry provider) =>
        provider.Enabled && (ParseAuth(provider.Auth) == AuthStyle.None || KeyOf(provider) is not null);

    /// <summary>The endpoint for adapters.</summary>
    public ProviderEndpoint Endpoint(ProviderEntry provider, TimeSpan? timeout = null) => new()
    {
        Id = provider.Id,
        BaseUrl = provider.BaseUrl,
        Auth = ParseAuth(provider.Auth) ?? AuthStyle.Bearer,
        ApiKey = KeyOf(provider),
        ChatPath = provider.ChatPath,
        EmbeddingsPath = provider.EmbeddingsPath,
        ApiVersion = provider.ApiVersion,
        Headers = provider.Headers ?? [],
        Timeout = timeout ?? TimeSpan.FromMilliseconds(provider.TimeoutMs ?? 60_000),
    };

    /// <summary>Parses an auth style name; null when unknown.</summary>
    public static AuthStyle? ParseAuth(string? auth) => auth?.ToLowerInvariant() switch
    {
        null or "" or "bearer" => AuthStyle.Bearer,
        "api-key" => AuthStyle.ApiKeyHeader,
        "x-api-key" => AuthStyle.XApiKey,
        "x-goog-api-key" => AuthStyle.GoogApiKey,
        "none" => AuthStyle.None,
        _ => null,
    };
}
