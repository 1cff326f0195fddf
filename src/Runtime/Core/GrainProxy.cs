using System.Diagnostics;
using System.Reflection;

namespace CircuitBreaker.Runtime;

/// <summary>A location-transparent reference to a grain: its id and the interface it is used through.</summary>
[Immutable]
public sealed record GrainReference(GrainId GrainId, Type InterfaceType);

/// <summary>
/// The object behind a typed grain reference: turns each interface method call into a <see cref="GrainCall"/>
/// sent through the silo's <see cref="IGrainCallDispatcher"/>.
/// </summary>
public class GrainProxy : DispatchProxy
{
    private GrainReference? _reference;
    private IGrainCallDispatcher? _dispatcher;
    private TimeSpan _defaultTimeout;
    private GrainClassInfo? _grainClass;

    /// <summary>The reference this proxy stands for.</summary>
    public GrainReference Reference => _reference!;

    internal void Initialize(GrainReference reference, IGrainCallDispatcher dispatcher, TimeSpan defaultTimeout, GrainClassInfo? grainClass)
    {
        _grainClass = grainClass;
        _reference = reference;
        _dispatcher = dispatcher;
        _defaultTimeout = defaultTimeout;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = GrainMethod.For(targetMethod!);
        var parent = Activity.Current is { } current ? current.Context : default;
        var call = method.CreateCall(_reference!.GrainId, args ?? [], parent, method.Timeout ?? _defaultTimeout);
        call.TargetClass = _grainClass;
        call.StartTimeout();
        _dispatcher!.Dispatch(call);
        return call.Task;
    }

    /// <summary>Two references are equal when they address the same grain through the same interface.</summary>
    public override bool Equals(object? obj) => obj is GrainProxy other && Equals(other._reference, _reference);

    /// <inheritdoc />
    public override int GetHashCode() => _reference?.GetHashCode() ?? 0;

    /// <inheritdoc />
    public override string ToString() => $"GrainReference({_reference?.InterfaceType.Name} {_reference?.GrainId})";
}

/// <summary>Hands out typed grain references of one silo; no I/O.</summary>
internal sealed class GrainFactory(GrainTypeCatalog catalog, IGrainCallDispatcher dispatcher, SiloOptions options) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var grainClass = catalog.ResolveInterface(typeof(TGrainInterface));
        var proxy = DispatchProxy.Create<TGrainInterface, GrainProxy>();
        ((GrainProxy)(object)proxy).Initialize(new GrainReference(new GrainId(grainClass.Name, key), typeof(TGrainInterface)), dispatcher, options.DefaultCallTimeout, grainClass);
        return proxy;
    }
}

/// <summary>Helpers on grain references.</summary>
public static class GrainReferenceExtensions
{
    /// <summary>The reference behind a typed grain reference, or null when <paramref name="grain"/> is not one.</summary>
    public static GrainReference? AsReference(this IGrain grain) => (grain as GrainProxy)?.Reference;
}
