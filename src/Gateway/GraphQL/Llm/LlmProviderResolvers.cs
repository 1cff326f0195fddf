using CircuitBreaker.Gateway.Security;
using CircuitBreaker.Gateway.Api.Llm;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.Grains.Resilience;
using CircuitBreaker.Llm.Catalog;
using CircuitBreaker.Llm.Gates;
using CircuitBreaker.Llm.Routing;

namespace CircuitBreaker.Gateway.GraphQL.Llm;

/// <summary>
/// Resolvers of providers: the catalog's entries (never a key: only where it comes from and whether it is present),
/// their priced models and health (the breaker grain <c>llm:{id}</c> and this gateway's statistics), and
/// <c>configureLlmProvider</c>.
/// </summary>
public static class LlmProviderResolvers
{
    /// <summary>Adds the resolvers to <paramref name="schema"/>.</summary>
    public static SchemaBuilder AddLlmProviderResolvers(this SchemaBuilder schema) => schema
        .Resolve("Query", "llmProviders", ctx => Catalog(ctx).Current.Providers.Values.OrderBy(p => p.Id, StringComparer.Ordinal).ToList())
        .Resolve("Query", "llmProvider", ctx => Catalog(ctx).Current.Providers.GetValueOrDefault(ctx.Argument<string>("id")))
        .Resolve("Mutation", "configureLlmProvider", async ctx =>
        {
            var (entry, change, models) = Configure(ctx);
            // Applied here, then kept and audited (and so applied by the other gateways and after a restart).
            await ctx.Services!.GetRequiredService<CatalogChangeLog>().RecordProviderAsync(entry.Id, change, models,
                ctx.UserContext as Caller ?? new Caller(null, "anonymous"));
            return entry;
        })
        .Resolve("LlmProvider", "providerType", ctx => Source(ctx).ProviderType ?? Source(ctx).Id)
        .Resolve("LlmProvider", "name", ctx => Source(ctx).Name ?? Source(ctx).Id)
        .Resolve("LlmProvider", "hasApiKey", ctx => Credentials(ctx).KeyOf(Source(ctx)) is not null)
        .Resolve("LlmProvider", "usable", ctx => Credentials(ctx).IsUsable(Source(ctx)))
        .Resolve("LlmProvider", "models", ctx =>
        {
            var id = Source(ctx).Id;
            return Catalog(ctx).Current.Models.Where(m => string.Equals(m.Provider, id, StringComparison.OrdinalIgnoreCase))
                .OrderBy(m => m.Model, StringComparer.Ordinal).ToList();
        })
        .Resolve("LlmProvider", "createdAt", ctx => Catalog(ctx).ChangedAt(Source(ctx).Id)?.Created)
        .Resolve("LlmProvider", "updatedAt", ctx => Catalog(ctx).ChangedAt(Source(ctx).Id)?.Updated)
        .Resolve("LlmProvider", "healthStatus", async ctx => await HealthAsync(ctx, Source(ctx).Id))
        .Resolve("LlmModel", "id", ctx => Model(ctx).Model)
        .Resolve("LlmModel", "name", ctx => Model(ctx).Name ?? Model(ctx).Model)
        .Resolve("LlmModel", "maxTokens", ctx => Model(ctx).MaxOutputTokens ?? Model(ctx).ContextWindow)
        .Resolve("LlmModel", "costPerInputToken", ctx => (double)Model(ctx).InputPerToken)
        .Resolve("LlmModel", "costPerOutputToken", ctx => (double)Model(ctx).OutputPerToken)
        .Resolve("LlmModel", "costPerCachedInputToken", ctx => (double)Model(ctx).CachedInputPerToken)
        .Resolve("LlmModel", "supportsStreaming", ctx => Model(ctx).Capabilities.Count == 0 || Model(ctx).Has("streaming") || Model(ctx).Has("chat"))
        .Resolve("LlmModel", "supportsFunctionCalling", ctx => Model(ctx).Has("tools"));

    private static CatalogStore Catalog(ResolveContext ctx) => ctx.Services!.GetRequiredService<CatalogStore>();

    private static ProviderCredentials Credentials(ResolveContext ctx) => ctx.Services!.GetRequiredService<ProviderCredentials>();

    private static ProviderEntry Source(ResolveContext ctx) => (ProviderEntry)ctx.Source!;

    private static ModelEntry Model(ResolveContext ctx) => (ModelEntry)ctx.Source!;

    // With Llm:BreakerScope=model a provider's health sums its models' breakers: healthy while any of them lets calls through.
    private static async Task<Dictionary<string, object?>> HealthAsync(ResolveContext ctx, string provider)
    {
        var scope = ctx.Services!.GetService<LlmBreakerScope>()?.Scope ?? BreakerScope.Provider;
        var keys = scope == BreakerScope.Model
            ? [.. Catalog(ctx).Current.Models.Where(m => m.Provider == provider).Select(m => provider + ":" + m.Model)]
            : new List<string> { provider };
        if (keys.Count == 0) keys.Add(provider);
        var breakers = await Task.WhenAll(keys.Select(k => ctx.Grains().GetGrain<ICircuitBreakerGrain>(GrainProviderGate.BreakerId(k)).GetState()));
        var stats = ctx.Services!.GetRequiredService<RouteStats>();
        var seen = stats.HealthOf(provider);
        var healthy = breakers.Where(b => ProviderHealth.Permits(b.State)).ToList();
        return new()
        {
            ["isHealthy"] = healthy.Count > 0,
            ["breakerState"] = (healthy.Count == breakers.Length ? breakers[0] : breakers.First(b => !ProviderHealth.Permits(b.State))).State,
            ["lastCheck"] = DateTimeOffset.UtcNow,
            ["errorRate"] = ProviderHealth.ErrorRate(breakers.Sum(b => b.NumberOfFailedCalls), breakers.Sum(b => b.NumberOfBufferedCalls)),
            ["averageLatencyMs"] = (int)Math.Round(stats.ProviderLatencyMs(provider) ?? 0),
            ["consecutiveFailures"] = seen.ConsecutiveFailures,
            ["lastError"] = seen.LastError,
            ["notPermittedCalls"] = (int)Math.Min(int.MaxValue, breakers.Sum(b => b.NumberOfNotPermittedCalls)),
        };
    }

    private static (ProviderEntry Entry, ProviderOverride Change, List<ModelEntry> Models) Configure(ResolveContext ctx)
    {
        // Provider settings are shared by every tenant and decide where keys are sent: administrators only.
        if (ctx.Tenant() is not null)
            throw new GraphQLException("configuring LLM providers needs administrator credentials (an API key without a tenant)", "FORBIDDEN");
        var input = ctx.Input();
        var store = Catalog(ctx);
        var type = (input.Text("providerType") ?? "").Trim().ToLowerInvariant();
        var template = store.Current.Providers.GetValueOrDefault(type);
        var adapter = template?.Adapter ?? type switch
        {
            "openai" or "anthropic" or "gemini" => type,
            "google" => "gemini",
            _ => throw new GraphQLException($"unknown providerType '{type}': use a catalog provider id (see llmProviders) or openai, anthropic, gemini", "PROVIDER_INVALID"),
        };
        var id = input.Text("id") is { } given ? InputRules.RequireId(given, "provider id") : type;
        if (id.Contains('/')) throw GraphQLErrorMapping.InvalidInput("provider id must not contain '/'");
        var apiKeyId = input.Text("apiKeyId");
        var change = new ProviderOverride
        {
            ProviderType = type,
            Name = input.Text("name"),
            BaseUrl = input.Text("baseUrl"),
            Adapter = adapter,
            // An empty apiKeyId is a keyless provider (local servers); otherwise the key is the configured secret of that name.
            Auth = apiKeyId is "" ? "none" : template?.Auth ?? (adapter switch { "anthropic" => "x-api-key", "gemini" => "x-goog-api-key", _ => "bearer" }),
            ApiKeyId = apiKeyId is { Length: > 0 } ? apiKeyId : null,
            ChatPath = template?.ChatPath,
            EmbeddingsPath = template?.EmbeddingsPath,
            ApiVersion = template?.ApiVersion,
            Embeddings = template?.Embeddings,
            Headers = template?.Headers,
        };
        var models = (input.Value("models") as IEnumerable<object?> ?? []).OfType<IDictionary<string, object?>>().Select(m => ModelOf(id, m)).ToList();
        if (models.Select(m => m.Model).Distinct(StringComparer.OrdinalIgnoreCase).Count() != models.Count)
            throw GraphQLErrorMapping.InvalidInput("model ids must be unique");
        try
        {
            return (store.ConfigureProvider(id, change, models).Providers[id], change, models);
        }
        catch (CircuitBreaker.Llm.LlmException e)
        {
            throw LlmGraphQLErrors.From(e);
        }
    }

    private static ModelEntry ModelOf(string provider, IDictionary<string, object?> m)
    {
        var id = m.Text("id");
        if (string.IsNullOrWhiteSpace(id)) throw GraphQLErrorMapping.InvalidInput("every model needs an id");
        var input = Price(m, "costPerInputToken", id);
        var output = Price(m, "costPerOutputToken", id);
        var capabilities = (m.Value("capabilities") as IEnumerable<object?> ?? []).OfType<string>().ToList();
        if (capabilities.Count == 0) capabilities.Add("chat");
        if (m.Value("supportsStreaming") is true) capabilities.Add("streaming");
        if (m.Value("supportsFunctionCalling") is true) capabilities.Add("tools");
        return new ModelEntry
        {
            Provider = provider,
            Model = id,
            Name = m.Text("name"),
            MaxOutputTokens = m.Number("maxTokens") is { } max ? (int)max : null,
            ContextWindow = m.Number("contextWindow") is { } window ? (int)window : 0,
            // The seed gives USD per token; the catalog keeps USD per million tokens.
            InputPerMTok = input * 1_000_000m,
            OutputPerMTok = output * 1_000_000m,
            Capabilities = [.. capabilities.Distinct(StringComparer.OrdinalIgnoreCase)],
        };
    }

    private static decimal Price(IDictionary<string, object?> m, string key, string model)
    {
        var value = Convert.ToDouble(m.Value(key), System.Globalization.CultureInfo.InvariantCulture);
        if (!double.IsFinite(value) || value < 0 || value > 1)
            throw GraphQLErrorMapping.InvalidInput($"{key} of model '{model}' must be a USD amount per token between 0 and 1");
        return (decimal)value;
    }
}
