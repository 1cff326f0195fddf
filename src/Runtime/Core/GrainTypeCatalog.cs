using System.Reflection;

namespace CircuitBreaker.Runtime;

/// <summary>
/// The grain classes found in the registered assemblies: classes deriving from <see cref="Grain"/> that
/// implement interfaces deriving from <see cref="IGrainWithStringKey"/>.
/// </summary>
public sealed class GrainTypeCatalog
{
    private readonly Dictionary<string, GrainClassInfo> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, List<GrainClassInfo>> _byInterface = new();

    /// <summary>Scans <paramref name="assemblies"/> for grain classes.</summary>
    public GrainTypeCatalog(IEnumerable<Assembly> assemblies)
    {
        foreach (var type in assemblies.Distinct().SelectMany(SafeGetTypes))
        {
            if (!type.IsClass || type.IsAbstract || type.IsGenericTypeDefinition || !typeof(Grain).IsAssignableFrom(type)) continue;
            var info = new GrainClassInfo(type);
            if (info.GrainInterfaces.Count == 0) continue;
            if (!_byName.TryAdd(info.Name, info))
                throw new GrainRuntimeException(GrainErrorCodes.AmbiguousGrainInterface,
                    $"Grain type name '{info.Name}' is used by both {_byName[info.Name].ClassType.FullName} and {type.FullName}.");
            foreach (var i in info.GrainInterfaces)
            {
                if (!_byInterface.TryGetValue(i, out var list)) _byInterface[i] = list = [];
                list.Add(info);
            }
        }
    }

    /// <summary>All grain classes found.</summary>
    public IEnumerable<GrainClassInfo> Classes => _byName.Values;

    /// <summary>The grain class named <paramref name="grainType"/>, or null.</summary>
    public GrainClassInfo? FindByName(string grainType) => _byName.GetValueOrDefault(grainType);

    /// <summary>The one grain class implementing <paramref name="grainInterface"/>.</summary>
    /// <exception cref="GrainRuntimeException">None or several implement it.</exception>
    public GrainClassInfo ResolveInterface(Type grainInterface)
    {
        if (!_byInterface.TryGetValue(grainInterface, out var list))
            throw new GrainRuntimeException(GrainErrorCodes.GrainInterfaceNotFound,
                $"No grain class implements {grainInterface.FullName}; register its assembly with SiloBuilder.AddGrainAssembly.");
        if (list.Count > 1)
            throw new GrainRuntimeException(GrainErrorCodes.AmbiguousGrainInterface,
                $"Several grain classes implement {grainInterface.FullName}: {string.Join(", ", list.Select(c => c.ClassType.FullName))}.");
        return list[0];
    }

    private static IEnumerable<Type> SafeGetTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException ex) { return ex.Types.OfType<Type>(); }
    }
}
