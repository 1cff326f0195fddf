using Microsoft.Extensions.DependencyInjection;

using CircuitBreaker.Storage;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;

namespace CircuitBreaker.Grains;

/// <summary>The product's parts of an Orleans silo, shared by the silo host, the co-hosting gateway and tests.</summary>
public static class GrainsSiloBuilderExtensions
{
    /// <summary>
    /// Registers <paramref name="store"/> as the default grain storage (and as the stream pub-sub store, with Orleans'
    /// serializer), the grain event streams, and reminders on <paramref name="reminders"/> (null: the store's own table).
    /// </summary>
    public static ISiloBuilder AddCircuitBreakerGrains(this ISiloBuilder silo, AdoNetStateStore store, Func<IServiceProvider, IReminderTable>? reminders = null)
    {
        silo.Services.AddSingleton(store);
        silo.Services.AddSingleton<IStateStore>(store);
        silo.Services.AddGrainStorage("Default", (_, _) => new OrleansGrainStorage(store));
        silo.Services.AddGrainStorage(GrainStreams.PubSubStore, (sp, _) => new OrleansGrainStorage(store, sp.GetRequiredService<Serializer>()));
        silo.AddMemoryStreams(GrainStreams.ProviderName);
        silo.AddReminders();
        silo.Services.AddSingleton(reminders ?? (_ => new StateStoreReminderTable(store)));
        return silo;
    }
}
