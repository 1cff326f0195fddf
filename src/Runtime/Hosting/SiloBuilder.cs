using System.Reflection;
using CircuitBreaker.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CircuitBreaker.Runtime;

/// <summary>Configures a silo: grain assemblies, storage, reminder table, options and call filters.</summary>
public sealed class SiloBuilder
{
    internal SiloBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection the silo is added to.</summary>
    public IServiceCollection Services { get; }

    internal List<Assembly> Assemblies { get; } = [];
    internal Func<IServiceProvider, IGrainStorage>? StorageFactory { get; private set; }
    internal Func<IServiceProvider, IReminderTable>? ReminderTableFactory { get; private set; }

    /// <summary>Scans <paramref name="assembly"/> for grain classes.</summary>
    public SiloBuilder AddGrainAssembly(Assembly assembly)
    {
        Assemblies.Add(assembly);
        return this;
    }

    /// <summary>Scans the assembly of <typeparamref name="T"/> for grain classes.</summary>
    public SiloBuilder AddGrainAssemblyOf<T>() => AddGrainAssembly(typeof(T).Assembly);

    /// <summary>Uses <paramref name="storage"/> for grain state (default: a new <see cref="InMemoryGrainStorage"/>).</summary>
    public SiloBuilder UseGrainStorage(IGrainStorage storage) => UseGrainStorage(_ => storage);

    /// <summary>Uses the storage made by <paramref name="factory"/> for grain state.</summary>
    public SiloBuilder UseGrainStorage(Func<IServiceProvider, IGrainStorage> factory)
    {
        StorageFactory = factory;
        return this;
    }

    /// <summary>Uses <paramref name="table"/> for reminders (default: a new <see cref="InMemoryReminderTable"/>).</summary>
    public SiloBuilder UseReminderTable(IReminderTable table) => UseReminderTable(_ => table);

    /// <summary>Uses the table made by <paramref name="factory"/> for reminders.</summary>
    public SiloBuilder UseReminderTable(Func<IServiceProvider, IReminderTable> factory)
    {
        ReminderTableFactory = factory;
        return this;
    }

    /// <summary>Changes <see cref="SiloOptions"/>.</summary>
    public SiloBuilder Configure(Action<SiloOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Adds an incoming-call filter (same as registering it as <see cref="IIncomingGrainCallFilter"/> in DI).</summary>
    public SiloBuilder AddIncomingGrainCallFilter<TFilter>() where TFilter : class, IIncomingGrainCallFilter
    {
        Services.AddSingleton<IIncomingGrainCallFilter, TFilter>();
        return this;
    }
}
