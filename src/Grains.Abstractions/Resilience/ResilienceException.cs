namespace CircuitBreaker.Grains.Resilience;

/// <summary>A refused breaker or budget request (bad configuration, argument or unknown value) with a stable code.</summary>
public sealed class ResilienceException(string code, string message) : Exception(message)
{
    /// <summary>Stable machine-readable code, e.g. <c>BREAKER_FAILURE_RATE_THRESHOLD_OUT_OF_RANGE</c>.</summary>
    public string Code { get; } = code;
}
