using CircuitBreaker.TestSupport;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Resilience;

/// <summary>One real gateway process on a fresh SQLite directory, shared by the resilience REST tests.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private readonly string _directory = TempDirectory.Create("cb-resilience-rest");

    /// <summary>The running gateway.</summary>
    public GatewayProcess Gateway { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Gateway = await GatewayProcess.StartAsync(["--Storage:DataDirectory", _directory]);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        TempDirectory.TryDelete(_directory);
    }
}
