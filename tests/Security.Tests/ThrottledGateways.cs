namespace CircuitBreaker.Security.Tests;

/// <summary>A gateway with a per-caller rate limit of 5 requests per second (burst 5) and keys configured.</summary>
public sealed class RateLimitedGateway : IAsyncLifetime
{
    /// <summary>A tenant key.</summary>
    public const string Key = "rate-limited-key-0123456789";

    private readonly string _directory = TempDirectory.Create("cb-security-rate");

    /// <summary>The running gateway.</summary>
    public GatewayProcess Gateway { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Gateway = await GatewayProcess.StartAsync([
        "--Storage:DataDirectory", _directory, "--Gateway:LoadExamples", "false",
        "--Gateway:ApiKeys:0:Key", Key, "--Gateway:ApiKeys:0:Tenant", "t1",
        "--Gateway:RateLimit:PermitsPerSecond", "5", "--Gateway:RateLimit:Burst", "5",
    ]);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        TempDirectory.TryDelete(_directory);
    }
}

/// <summary>A gateway that allows 10 failed authentications per client address and minute.</summary>
public sealed class AuthThrottledGateway : IAsyncLifetime
{
    /// <summary>A tenant key.</summary>
    public const string Key = "auth-throttled-key-0123456789";

    private readonly string _directory = TempDirectory.Create("cb-security-auth");

    /// <summary>The running gateway.</summary>
    public GatewayProcess Gateway { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Gateway = await GatewayProcess.StartAsync([
        "--Storage:DataDirectory", _directory, "--Gateway:LoadExamples", "false",
        "--Gateway:ApiKeys:0:Key", Key, "--Gateway:ApiKeys:0:Tenant", "t1",
        "--Gateway:FailedAuthentication:PerMinute", "10",
    ]);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        TempDirectory.TryDelete(_directory);
    }
}
