namespace CircuitBreaker.Security.Tests;

/// <summary>
/// One real gateway with two tenants' keys, an administrator key, JWTs, an operator's provider key and a provider whose
/// server is not running (connection errors), private base URLs refused and a small analysis memory budget.
/// </summary>
public sealed class SecuredGateway : IAsyncLifetime
{
    /// <summary>Tenant A's key.</summary>
    public const string KeyA = "sec-key-tenant-a-0123456789";
    /// <summary>Tenant B's key.</summary>
    public const string KeyB = "sec-key-tenant-b-0123456789";
    /// <summary>The administrator's key (no tenant).</summary>
    public const string AdminKey = "sec-key-admin-0123456789";
    /// <summary>The JWT signing key.</summary>
    public const string SigningKey = "security-tests-signing-key-32-bytes!!";
    /// <summary>The operator's provider secret, configured as <c>Llm:Keys:operator</c>.</summary>
    public const string OperatorSecret = "sk-operator-SECRET-5a4b3c2d1e";

    private readonly string _directory = TempDirectory.Create("cb-security");

    /// <summary>The port of the provider <c>down</c>, where nothing listens.</summary>
    public int DownPort { get; } = HostProcess.FreePort();

    /// <summary>The running gateway.</summary>
    public GatewayProcess Gateway { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Gateway = await GatewayProcess.StartAsync([
        "--Storage:DataDirectory", _directory,
        "--Gateway:ApiKeys:0:Key", KeyA, "--Gateway:ApiKeys:0:Tenant", "tenant-a",
        "--Gateway:ApiKeys:1:Key", KeyB, "--Gateway:ApiKeys:1:Tenant", "tenant-b",
        "--Gateway:ApiKeys:2:Key", AdminKey,
        "--Gateway:Jwt:SigningKey", SigningKey,
        "--Gateway:Analysis:MaxMemoryBytes", "16000000",
        "--Llm:Keys:operator", OperatorSecret,
        "--Llm:AllowPrivateBaseUrls", "false",
        "--Llm:Providers:down:Adapter", "openai", "--Llm:Providers:down:BaseUrl", $"http://127.0.0.1:{DownPort}/v1",
        "--Llm:Providers:down:ApiKeyId", "operator", "--Llm:Providers:down:Auth", "bearer",
        "--Llm:Models:0:Provider", "down", "--Llm:Models:0:Model", "m1", "--Llm:Models:0:InputPerMTok", "1", "--Llm:Models:0:OutputPerMTok", "1",
        "--Llm:Models:0:Capabilities:0", "chat",
        "--Llm:Models:1:Provider", "down", "--Llm:Models:1:Model", "m2", "--Llm:Models:1:InputPerMTok", "1", "--Llm:Models:1:OutputPerMTok", "1",
        "--Llm:Models:1:Capabilities:0", "chat",
        "--Llm:BreakerScope", "model",
    ]);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        TempDirectory.TryDelete(_directory);
    }
}

/// <summary>The tests sharing <see cref="SecuredGateway"/> (one process for all of them).</summary>
[CollectionDefinition(Name)]
public sealed class SecuredCollection : ICollectionFixture<SecuredGateway>
{
    /// <summary>The collection name.</summary>
    public const string Name = "secured gateway";
}
