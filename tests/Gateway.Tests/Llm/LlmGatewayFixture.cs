using CircuitBreaker.Llm.Tests.StandIns;
using CircuitBreaker.TestSupport;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Llm;

/// <summary>Three stand-in providers (OpenAI, Anthropic, Gemini protocols) and one real gateway routing to them.</summary>
public sealed class LlmGatewayFixture : IAsyncLifetime
{
    /// <summary>The provider key, configured as secret <c>Llm:Keys:standin</c>.</summary>
    public const string Key = "sk-gw-SECRET-9f8e7d6c5b4a";

    private readonly string _directory = TempDirectory.Create("cb-llm-gateway");

    /// <summary>The gateway.</summary>
    public GatewayProcess Gateway { get; private set; } = null!;

    /// <summary>Stand-ins p1 (openai), p2 (anthropic), p3 (gemini).</summary>
    public Dictionary<string, StandInProvider> Providers { get; } = [];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var args = new List<string> { "--Storage:DataDirectory", _directory, "--Llm:Keys:standin", Key };
        // No test here relies on a provider timeout; a generous one keeps a loaded, shared 2-core machine from failing calls.
        var i = 0;
        foreach (var (id, adapter) in new[] { ("p1", "openai"), ("p2", "anthropic"), ("p3", "gemini") })
        {
            var s = await StandInProvider.StartAsync();
            s.ExpectedKey = Key;
            Providers[id] = s;
            var p = $"--Llm:Providers:{id}:";
            args.AddRange([p + "Adapter", adapter, p + "BaseUrl", adapter == "openai" ? s.BaseUrl + "/v1" : s.BaseUrl, p + "ApiKeyId", "standin",
                p + "Auth", adapter switch { "anthropic" => "x-api-key", "gemini" => "x-goog-api-key", _ => "bearer" }, p + "TimeoutMs", "15000",
                p + "Embeddings", adapter == "openai" ? "true" : "false"]);
            var m = $"--Llm:Models:{i++}:";
            args.AddRange([m + "Provider", id, m + "Model", "m-" + id, m + "InputPerMTok", "1000", m + "OutputPerMTok", "2000",
                m + "ContextWindow", "100000", m + "Capabilities:0", "chat", m + "Capabilities:1", "tools", m + "Capabilities:2", "embeddings"]);
        }
        args.AddRange(["--Llm:VirtualModels:0:Name", "chain", "--Llm:VirtualModels:0:Strategy", "failover",
            "--Llm:VirtualModels:0:Models:0", "p1/m-p1", "--Llm:VirtualModels:0:Models:1", "p2/m-p2"]);
        Gateway = await GatewayProcess.StartAsync(args);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        foreach (var p in Providers.Values) await p.DisposeAsync();
        TempDirectory.TryDelete(_directory);
    }
}
