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
    /// serializer), the grain event streams and reminders, kept in the store's own reminder table when
    /// <paramref name="storeReminders"/> (otherwise the host registers a reminder table, e.g. Orleans' ADO.NET one).
    /// </summary>
    /// <param name="silo">The silo.</param>
    /// <param name="store">The project's store.</param>
    /// <param name="storeReminders">Keep reminders in the store's own table.</param>
    public static ISiloBuilder AddCircuitBreakerGrains(this ISiloBuilder silo, AdoNetStateStore store, bool storeReminders = true)
    {
        silo.Services.AddSingleton(store);
        silo.Services.AddSingleton<IStateStore>(store);
        silo.Services.AddGrainStorage("Default", (_, _) => new OrleansGrainStorage(store));
        silo.Services.AddGrainStorage(DocumentStorage.Name, (_, _) => new OrleansGrainStorage(store));
        silo.Services.AddGrainStorage(GrainStreams.PubSubStore, (sp, _) => new OrleansGrainStorage(store, sp.GetRequiredService<Serializer>()));
        silo.AddMemoryStreams(GrainStreams.ProviderName);
        silo.AddReminders();
        // Breakers use a short reminder period (see CircuitBreakerGrain.ReminderPeriod); Orleans' floor is a minute.
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = Resilience.CircuitBreakerGrain.ReminderPeriod);
        if (storeReminders)
            silo.Services.AddSingleton<IReminderTable>(_ => new StateStoreReminderTable(store));
        return silo;
    }
}
