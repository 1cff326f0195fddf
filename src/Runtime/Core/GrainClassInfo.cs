using System.Reflection;

namespace CircuitBreaker.Runtime;

/// <summary>A discovered grain class: its stable type name, options and how to construct it.</summary>
public sealed class GrainClassInfo
{
    private readonly ConstructorInfo _constructor;
    private readonly ParameterInfo[] _parameters;

    internal GrainClassInfo(Type type)
    {
        ClassType = type;
        Name = type.GetCustomAttribute<GrainTypeAttribute>(inherit: false)?.Name ?? type.FullName!;
        IsReentrant = type.IsDefined(typeof(ReentrantAttribute), inherit: true);
        CollectionAge = type.GetCustomAttribute<CollectionAgeAttribute>(inherit: true)?.Age;
        GrainInterfaces = type.GetInterfaces().Where(i => i != typeof(IGrainWithStringKey) && typeof(IGrainWithStringKey).IsAssignableFrom(i)).ToArray();
        var constructors = type.GetConstructors();
        if (constructors.Length == 0)
            throw new GrainRuntimeException(GrainErrorCodes.GrainConstructionFailed, $"Grain class {type.FullName} has no public constructor.");
        _constructor = constructors.OrderByDescending(c => c.GetParameters().Length).First();
        _parameters = _constructor.GetParameters();
        // Validate every interface method up front so a bad interface fails at silo start, not at first call.
        var methods = GrainInterfaces.SelectMany(i => i.GetMethods()).Select(GrainMethod.For).ToList();
        MayInterleave = IsReentrant || methods.Any(m => m.AlwaysInterleave || m.IsReadOnly);
    }

    /// <summary>The grain class.</summary>
    public Type ClassType { get; }
    /// <summary>The stable grain type name ([GrainType] or the class's full name).</summary>
    public string Name { get; }
    /// <summary>True when the class has [Reentrant].</summary>
    public bool IsReentrant { get; }
    /// <summary>True when some turns of this class may interleave: its activations then get a one-at-a-time task scheduler.</summary>
    public bool MayInterleave { get; }
    /// <summary>The class's [CollectionAge], if any.</summary>
    public TimeSpan? CollectionAge { get; }
    /// <summary>The grain interfaces the class implements.</summary>
    public IReadOnlyList<Type> GrainInterfaces { get; }

    internal object CreateInstance(IServiceProvider services, GrainActivation activation)
    {
        var args = new object?[_parameters.Length];
        for (var i = 0; i < args.Length; i++)
        {
            var p = _parameters[i];
            if (p.GetCustomAttribute<PersistentStateAttribute>() is { } state)
            {
                args[i] = activation.CreatePersistentState(p.ParameterType, state.StateName);
                continue;
            }
            args[i] = services.GetService(p.ParameterType)
                ?? (p.HasDefaultValue ? p.DefaultValue
                    : throw new GrainRuntimeException(GrainErrorCodes.GrainConstructionFailed,
                        $"Grain class {ClassType.FullName}: no service registered for constructor parameter '{p.Name}' of type {p.ParameterType.FullName}."));
        }
        var previous = Grain.Constructing;
        Grain.Constructing = activation;
        try { return _constructor.Invoke(args); }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
        finally { Grain.Constructing = previous; }
    }
}
