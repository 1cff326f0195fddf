using CircuitBreaker.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace CircuitBreaker.Runtime;

/// <summary>A silo without a generic host, for tests and benchmarks: <c>await using var silo = await SiloHost.StartAsync(b => ...)</c>.</summary>
public sealed class SiloHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private SiloHost(ServiceProvider provider)
    {
        _provider = provider;
        Runtime = provider.GetRequiredService<SiloRuntime>();
    }

    /// <summary>The silo.</summary>
    public SiloRuntime Runtime { get; }
    /// <summary>Grain references of this silo.</summary>
    public IGrainFactory GrainFactory => Runtime.GrainFactory;
    /// <summary>The silo's stream provider (for code outside grains).</summary>
    public IStreamProvider StreamProvider => Runtime.StreamProvider;
    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => _provider;

    /// <summary>Builds and starts a silo.</summary>
    public static async Task<SiloHost> StartAsync(Action<SiloBuilder> configure, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        var services = new ServiceCollection();
        configureServices?.Invoke(services);
        services.AddSilo(configure);
        var host = new SiloHost(services.BuildServiceProvider());
        await host.Runtime.StartAsync(cancellationToken).ConfigureAwait(false);
        return host;
    }

    /// <summary>Stops the silo gracefully (see <see cref="SiloRuntime.StopAsync"/>).</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => Runtime.StopAsync(cancellationToken);

    /// <inheritdoc />
    /// <remarks>Waits at most <see cref="SiloOptions.LifecycleTimeout"/> for activations to finish, so a stuck turn cannot hang disposal.</remarks>
    public async ValueTask DisposeAsync()
    {
        using (var cts = new CancellationTokenSource(Runtime.Options.LifecycleTimeout))
        {
            try { await StopAsync(cts.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        await _provider.DisposeAsync().ConfigureAwait(false);
    }
}
