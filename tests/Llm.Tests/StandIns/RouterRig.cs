using System.Collections.Concurrent;
using CircuitBreaker.Llm.Catalog;
using CircuitBreaker.Llm.Gates;
using CircuitBreaker.Llm.Model;
using CircuitBreaker.Llm.Providers;
using CircuitBreaker.Llm.Routing;
using CircuitBreaker.Resilience.Breaker;

namespace CircuitBreaker.Llm.Tests.StandIns;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Moves time forward.</summary>
    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>A router over stand-in providers, with in-process breakers and budgets.</summary>
public sealed class RouterRig : IAsyncDisposable
{
    /// <summary>Secret given to every stand-in provider.</summary>
    public const string Key = "sk-test-SECRET-0123456789abcdef";

    private RouterRig() { }

    /// <summary>Stand-ins by provider id.</summary>
    public Dictionary<string, StandInProvider> Providers { get; } = [];
    /// <summary>The router.</summary>
    public LlmRouter Router { get; private set; } = null!;
    /// <summary>Breakers.</summary>
    public LocalProviderGate Breakers { get; private set; } = null!;
    /// <summary>Budgets.</summary>
    public LocalBudgetGate Budgets { get; private set; } = null!;
    /// <summary>Clock of breakers and budgets.</summary>
    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.Zero));
    /// <summary>Router log lines.</summary>
    public ConcurrentQueue<string> Log { get; } = new();
    /// <summary>The catalog.</summary>
    public CatalogStore Catalog { get; private set; } = null!;

    /// <summary>
    /// Starts one stand-in per (provider id, adapter, price per MTok in/out) and a router whose catalog has exactly those,
    /// each serving model <c>m-{id}</c>, plus the given virtual models.
    /// </summary>
    public static async Task<RouterRig> StartAsync(IEnumerable<(string Id, string Adapter, decimal In, decimal Out)> providers,
        IEnumerable<VirtualModelEntry>? virtualModels = null, CircuitBreakerConfig? breaker = null, double timeoutMs = 5000, string[]? extraCapabilities = null)
    {
        var rig = new RouterRig();
        var overrides = new List<KeyValuePair<string, ProviderOverride>>();
        var models = new List<ModelEntry>();
        foreach (var (id, adapter, input, output) in providers)
        {
            var standIn = await StandInProvider.StartAsync();
            standIn.ExpectedKey = Key;
            rig.Providers[id] = standIn;
            overrides.Add(new(id, new ProviderOverride
            {
                Adapter = adapter,
                BaseUrl = adapter == "openai" ? standIn.BaseUrl + "/v1" : standIn.BaseUrl,
                Auth = adapter switch { "anthropic" => "x-api-key", "gemini" => "x-goog-api-key", _ => "bearer" },
                ApiKeyId = "test-key",
                ApiVersion = adapter == "anthropic" ? "2023-06-01" : null,
                Embeddings = adapter == "openai",
                TimeoutMs = timeoutMs,
            }));
            models.Add(new ModelEntry
            {
                Provider = id, Model = "m-" + id, InputPerMTok = input, OutputPerMTok = output, ContextWindow = 100_000,
                Capabilities = ["chat", "tools", "streaming", "embeddings", .. extraCapabilities ?? []],
            });
        }
        rig.Catalog = new CatalogStore(null, overrides, models, virtualModels);
        rig.Breakers = new LocalProviderGate(breaker ?? new CircuitBreakerConfig { MinimumNumberOfCalls = 3, SlidingWindowSize = 3, FailureRateThreshold = 50, WaitDurationInOpenState = TimeSpan.FromSeconds(30), PermittedNumberOfCallsInHalfOpenState = 1 }, rig.Clock);
        rig.Budgets = new LocalBudgetGate(rig.Clock);
        var transport = new ProviderTransport(new HttpClient());
        rig.Router = new LlmRouter(rig.Catalog, new ProviderCredentials(id => id == "test-key" ? Key : null, _ => null),
            [new OpenAiAdapter(transport), new AnthropicAdapter(transport), new GeminiAdapter(transport)],
            rig.Breakers, rig.Budgets, new RouteStats(), rig.Clock, new Random(7), rig.Log.Enqueue);
        return rig;
    }

    /// <summary>A one-message request.</summary>
    public static ChatRequest Ask(string model, string text = "Say hello", RoutingOptions? routing = null, int? maxTokens = 100) => new()
    {
        Model = model,
        Messages = [new ChatMessage { Role = "system", Content = "Be brief." }, new ChatMessage { Role = "user", Content = text }],
        MaxTokens = maxTokens,
        Routing = routing,
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Catalog.Dispose();
        foreach (var p in Providers.Values) await p.DisposeAsync();
    }
}
