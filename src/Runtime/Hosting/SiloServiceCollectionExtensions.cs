using CircuitBreaker.Runtime.Storage;
using CircuitBreaker.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CircuitBreaker.Runtime;

/// <summary>Registers a silo in a service collection.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Adds a silo: <see cref="SiloRuntime"/>, <see cref="IGrainFactory"/>, <see cref="IStreamProvider"/>,
    /// <see cref="IGrainStorage"/>, <see cref="IReminderTable"/> and an <see cref="IHostedService"/> that starts and gracefully stops it.
    /// </summary>
    public static IServiceCollection AddSilo(this IServiceCollection services, Action<SiloBuilder> configure)
    {
        var builder = new SiloBuilder(services);
        configure(builder);
        services.AddOptions<SiloOptions>();
        services.AddLogging();
        if (builder.StorageFactory is { } storage) services.AddSingleton(storage);
        else services.TryAddSingleton<IGrainStorage, InMemoryGrainStorage>();
        if (builder.ReminderTableFactory is { } reminders) services.AddSingleton(reminders);
        else services.TryAddSingleton<IReminderTable, InMemoryReminderTable>();
        services.TryAddSingleton<IStreamProvider>(sp => new InMemoryStreamProvider("Default", sp.GetService<ILogger<InMemoryStreamProvider>>()));
        var assemblies = builder.Assemblies.ToList();
        services.AddSingleton(_ => new GrainTypeCatalog(assemblies));
        services.AddSingleton(sp => new SiloRuntime(sp, sp.GetRequiredService<IOptions<SiloOptions>>().Value, sp.GetRequiredService<GrainTypeCatalog>(),
            sp.GetRequiredService<IGrainStorage>(), sp.GetRequiredService<IReminderTable>(), sp.GetRequiredService<IStreamProvider>(),
            sp.GetServices<IIncomingGrainCallFilter>(), sp.GetRequiredService<ILogger<SiloRuntime>>()));
        services.AddSingleton(sp => sp.GetRequiredService<SiloRuntime>().GrainFactory);
        services.AddSingleton<IHostedService, SiloHostedService>();
        return services;
    }
}

/// <summary>Starts the silo with the host and, on stop, deactivates every activation before returning.</summary>
public sealed class SiloHostedService(SiloRuntime silo) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => silo.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => silo.StopAsync(cancellationToken);
}
