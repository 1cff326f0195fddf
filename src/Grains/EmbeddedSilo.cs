using CircuitBreaker.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using Orleans.Streams;

namespace CircuitBreaker.Grains;

/// <summary>
/// A real Orleans silo inside this process on the product's storage (localhost clustering on free loopback ports), with
/// the product's grains, streams and reminders as the hosts configure them: for tests, benchmarks and examples.
/// </summary>
public sealed class EmbeddedSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedSilo(IHost host) => _host = host;

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Grain references.</summary>
    public IGrainFactory GrainFactory => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The grain event streams, as gateway code sees them.</summary>
    public IStreamProvider StreamProvider => _host.Services.GetRequiredService<IClusterClient>().GetStreamProvider(GrainStreams.ProviderName);

    /// <summary>Starts a silo on <paramref name="store"/>; <paramref name="services"/> adds test services (a clock, say).</summary>
    public static async Task<EmbeddedSilo> StartAsync(AdoNetStateStore store, Action<IServiceCollection>? services = null, Action<ISiloBuilder>? silo = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var siloPort = FreePort();
        var gatewayPort = FreePort();
        builder.UseOrleans(orleans =>
        {
            orleans.UseLocalhostClustering(siloPort, gatewayPort, serviceId: store.ServiceId, clusterId: "test-" + Guid.NewGuid().ToString("N"));
            orleans.AddCircuitBreakerGrains(store);
            silo?.Invoke(orleans);
        });
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new EmbeddedSilo(host);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the silo gracefully (activations deactivate, state stays in the store).</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await _host.StopAsync(timeout.Token); }
        catch (OperationCanceledException) { }
        _host.Dispose();
    }
}
