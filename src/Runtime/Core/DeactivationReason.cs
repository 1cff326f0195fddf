namespace CircuitBreaker.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReasonCode
{
    /// <summary>Idle longer than its collection age.</summary>
    ActivationIdle,
    /// <summary>The grain called DeactivateOnIdle.</summary>
    ApplicationRequested,
    /// <summary>A state write found a newer ETag: this activation's state is stale.</summary>
    InconsistentState,
    /// <summary>The silo is stopping.</summary>
    ShuttingDown,
}

/// <summary>Why an activation is being deactivated, with a description.</summary>
public sealed record DeactivationReason(DeactivationReasonCode Code, string Description)
{
    internal static readonly DeactivationReason Idle = new(DeactivationReasonCode.ActivationIdle, "idle collection");
    internal static readonly DeactivationReason Requested = new(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called");
    internal static readonly DeactivationReason ShuttingDown = new(DeactivationReasonCode.ShuttingDown, "the silo is stopping");
    internal static DeactivationReason InconsistentState(string message) => new(DeactivationReasonCode.InconsistentState, message);
}
