using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CircuitBreaker.Runtime;

/// <summary>
/// Deep-copies values crossing a grain boundary so caller and grain never share a mutable object.
/// Known-immutable values pass by reference; everything else takes a System.Text.Json round trip.
/// </summary>
public static class ValueCopier
{
    private static readonly ConcurrentDictionary<Type, bool> ImmutableTypes = new();
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        IncludeFields = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { KeepNonPublicSetters } },
    };

    /// <summary>True when values of <paramref name="type"/> can be shared without copying.</summary>
    public static bool IsImmutable(Type type) => ImmutableTypes.GetOrAdd(type, static t => ComputeImmutable(t));

    /// <summary>Returns <paramref name="value"/> itself when immutable, else a deep copy of it.</summary>
    public static T Copy<T>(T value)
    {
        if (ImmutableOf<T>.Value || value is null) return value;
        return (T)CopyObject(value, typeof(T))!;
    }

    /// <summary>Returns <paramref name="value"/> itself when immutable, else a deep copy of its runtime type.</summary>
    public static object? CopyObject(object? value) => CopyObject(value, typeof(object));

    /// <summary>
    /// Returns <paramref name="value"/> itself when immutable, else a deep copy. A runtime type that cannot be
    /// rebuilt (e.g. the compiler's hidden type behind a collection expression) is copied as <paramref name="declaredType"/>.
    /// </summary>
    public static object? CopyObject(object? value, Type declaredType)
    {
        if (value is null) return null;
        var type = value.GetType();
        if (IsImmutable(type)) return value;
        if (!type.IsVisible && declaredType != typeof(object) && declaredType.IsAssignableFrom(type)) type = declaredType;
        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(value, type, JsonOptions);
            return JsonSerializer.Deserialize(bytes, type, JsonOptions);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new GrainRuntimeException(GrainErrorCodes.CopyFailed,
                $"A value of type {type.FullName} crossing a grain boundary cannot be copied with System.Text.Json; mark it [Immutable] or make it serializable.", ex);
        }
    }

    /// <summary>
    /// System.Text.Json skips properties without a public setter, so a copy would silently lose them (a value with
    /// <c>private set</c>, or a get-only auto-property filled by the constructor). Write those through their private
    /// setter or compiler-generated backing field instead.
    /// </summary>
    private static void KeepNonPublicSetters(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in typeInfo.Properties)
        {
            if (property.Set is not null || property.AttributeProvider is not PropertyInfo info) continue;
            if (info.SetMethod is { } setter)
            {
                property.Set = (target, value) => setter.Invoke(target, [value]);
                continue;
            }
            var backingField = info.DeclaringType?.GetField($"<{info.Name}>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic);
            if (backingField is not null)
                property.Set = (target, value) => backingField.SetValue(target, value);
        }
    }

    private static bool ComputeImmutable(Type t)
    {
        if (t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(Guid) || t == typeof(TimeSpan) || t == typeof(DateOnly)
            || t == typeof(TimeOnly) || t == typeof(Uri) || t == typeof(Version) || t == typeof(CancellationToken))
            return true;
        if (Nullable.GetUnderlyingType(t) is { } inner) return IsImmutable(inner);
        if (t.GetCustomAttribute<ImmutableAttribute>(inherit: false) is not null) return true;
        // Grain references are location-transparent handles: sharing them is the point.
        return typeof(GrainProxy).IsAssignableFrom(t);
    }

    private static class ImmutableOf<T>
    {
        // Only a sealed or value declared type says something about every runtime value.
        public static readonly bool Value = (typeof(T).IsValueType || typeof(T).IsSealed) && IsImmutable(typeof(T));
    }
}
