namespace CircuitBreaker.Runtime;

/// <summary>Identifies a grain: its stable grain type name and its key.</summary>
[Immutable]
public readonly record struct GrainId(string Type, string Key)
{
    /// <inheritdoc />
    public override string ToString() => $"{Type}/{Key}";
}
