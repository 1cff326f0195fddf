namespace CircuitBreaker.Runtime;

/// <summary>Lets calls to every method of the grain class interleave (opt-in; turns are exclusive by default).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>Calls to this interface method may interleave with any other call of the activation.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>This interface method does not change state: several read-only calls may run together, never with a non-read-only one.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>Overrides the default call timeout (30 s) for one interface method.</summary>
/// <param name="milliseconds">Time the caller waits for the reply before a <see cref="TimeoutException"/>.</param>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CallTimeoutAttribute(int milliseconds) : Attribute
{
    /// <summary>The timeout for this method.</summary>
    public TimeSpan Timeout { get; } = TimeSpan.FromMilliseconds(milliseconds);
}

/// <summary>Overrides the idle collection age (default 15 minutes) for one grain class.</summary>
/// <param name="seconds">Idle time after which the activation is collected.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class CollectionAgeAttribute(double seconds) : Attribute
{
    /// <summary>The idle age.</summary>
    public TimeSpan Age { get; } = TimeSpan.FromSeconds(seconds);
}

/// <summary>Names the grain type as stored and routed (defaults to the class's full name). Keep it stable: it is part of the storage key.</summary>
/// <param name="name">The stable grain type name.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The stable grain type name.</summary>
    public string Name { get; } = name;
}
