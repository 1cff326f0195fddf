using CircuitBreaker.Llm.Catalog;
using CircuitBreaker.Llm.Gates;
using CircuitBreaker.Llm.Providers;
using CircuitBreaker.Llm.Routing;

namespace CircuitBreaker.Gateway.Api.Llm;

/// <summary>Registers the LLM router from configuration section <c>Llm</c>.</summary>
/// <remarks>
/// <c>Llm:CatalogDirectory</c> (default: the shipped <c>llm-catalog</c> folder, watched for changes),
/// <c>Llm:Providers:{id}:{BaseUrl|Adapter|Auth|ApiKeyEnv|ApiKeyId|ChatPath|ApiVersion|TimeoutMs|Enabled|…}</c> overrides,
/// <c>Llm:Keys:{apiKeyId}</c> secrets, <c>Llm:Models</c> and <c>Llm:VirtualModels</c> extra entries,
/// <c>Llm:UnpricedModels:{AllowFree|DefaultInputPerMTok|DefaultOutputPerMTok}</c> (<see cref="UnpricedModelPolicy"/>),
/// <c>Llm:AllowPrivateBaseUrls</c> (<see cref="BaseUrlPolicy"/>, <see cref="AllowPrivateBaseUrls"/>), <c>Llm:BreakerScope</c>.
/// </remarks>
public static class LlmRegistration
{
    /// <summary>Adds the catalog, adapters, grain-backed breakers and budgets, and the router.</summary>
    public static IServiceCollection AddLlmRouter(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Llm");
        var policy = new BaseUrlPolicy(AllowPrivateBaseUrls(configuration));
        services.AddSingleton(policy);
        var breakerScope = BreakerScopeOf(section["BreakerScope"]);
        services.AddSingleton(_ =>
        {
            var directory = section["CatalogDirectory"] is { Length: > 0 } d ? d : CatalogFiles.DefaultDirectory;
            var overrides = section.GetSection("Providers").GetChildren()
                .Select(c => new KeyValuePair<string, ProviderOverride>(c.Key, c.Get<ProviderOverride>() ?? new ProviderOverride())).ToList();
            return new CatalogStore(directory, overrides, section.GetSection("Models").Get<List<ModelEntry>>(),
                section.GetSection("VirtualModels").Get<List<VirtualModelEntry>>(), watch: true,
                unpriced: section.GetSection("UnpricedModels").Get<UnpricedModelPolicy>())
            { BaseUrlPolicy = policy };
        });
        services.AddSingleton(_ =>
        {
            var keys = section.GetSection("Keys");
            return new ProviderCredentials(id => keys[id]);
        });
        services.AddSingleton(sp => new ProviderTransport(new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 512,
            // Every connection, configured providers included, goes only to addresses the policy allows.
            ConnectCallback = policy.ConnectAsync,
        })
        { Timeout = Timeout.InfiniteTimeSpan }, line => sp.GetRequiredService<ILoggerFactory>().CreateLogger("CircuitBreaker.Llm").LogWarning("{Line}", line)));
        services.AddSingleton<RouteStats>();
        services.AddSingleton<IProviderGate, GrainProviderGate>();
        services.AddSingleton<IBudgetGate, GrainBudgetGate>();
        services.AddSingleton<ICostRecorder, GrainCostRecorder>();
        services.AddSingleton(sp => new CatalogChangeLog(sp.GetRequiredService<Orleans.IGrainFactory>()));
        services.AddSingleton(sp =>
        {
            var transport = sp.GetRequiredService<ProviderTransport>();
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("CircuitBreaker.Llm");
            return new LlmRouter(sp.GetRequiredService<CatalogStore>(), sp.GetRequiredService<ProviderCredentials>(),
                [new OpenAiAdapter(transport), new AnthropicAdapter(transport), new GeminiAdapter(transport)],
                sp.GetRequiredService<IProviderGate>(), sp.GetRequiredService<IBudgetGate>(), sp.GetRequiredService<RouteStats>(),
                log: line => logger.LogWarning("{Line}", line), costs: sp.GetRequiredService<ICostRecorder>())
            { BreakerScope = breakerScope };
        });
        services.AddSingleton(new LlmBreakerScope(breakerScope));
        return services;
    }

    /// <summary><c>Llm:BreakerScope</c>: <c>provider</c> (default) or <c>model</c>; anything else stops the start with the accepted values.</summary>
    public static BreakerScope BreakerScopeOf(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "provider" => BreakerScope.Provider,
        "model" => BreakerScope.Model,
        _ => throw new InvalidOperationException($"Llm:BreakerScope must be 'provider' or 'model', got '{value}'"),
    };

    /// <summary>
    /// <c>Llm:AllowPrivateBaseUrls</c>; by default true only in the embedded run on SQLite (a developer's machine, where local
    /// model servers are normal) and false otherwise (PostgreSQL: a shared deployment).
    /// </summary>
    public static bool AllowPrivateBaseUrls(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.GetValue<bool?>("Llm:AllowPrivateBaseUrls") is { } configured) return configured;
        return !string.Equals(configuration["Storage:Provider"], "PostgreSql", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The configured <see cref="BreakerScope"/>, for readers of the router's breakers (provider health).</summary>
public sealed record LlmBreakerScope(BreakerScope Scope);
