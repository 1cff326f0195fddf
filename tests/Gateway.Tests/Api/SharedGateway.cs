using CircuitBreaker.TestSupport;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Api;

/// <summary>One real gateway process (open mode, SQLite in a temp directory) shared by a test class.</summary>
public sealed class SharedGateway : IAsyncLifetime
{
    private readonly string _directory = TempDirectory.Create("cb-gateway-api");

    /// <summary>The running gateway.</summary>
    public GatewayProcess Gateway { get; private set; } = null!;

    /// <summary>Its client.</summary>
    public HttpClient Client => Gateway.Client;

    /// <inheritdoc />
    public async Task InitializeAsync() => Gateway = await GatewayProcess.StartAsync(["--Storage:DataDirectory", _directory]);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        TempDirectory.TryDelete(_directory);
    }
}
