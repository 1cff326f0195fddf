namespace CircuitBreaker.Runtime;

/// <summary>
/// Marks a type whose instances are never mutated after construction, so the runtime passes them
/// to and from grains by reference instead of deep-copying them.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class ImmutableAttribute : Attribute;
