namespace CircuitBreaker.Grains.Resilience;

/// <summary>A refused breaker or budget request (bad configuration, argument or unknown value) with a stable code.</summary>
/// <remarks>Serialized with its code and message, so a caller on another silo or an Orleans client sees both.</remarks>
[GenerateSerializer, Alias("cb.ResilienceException")]
public sealed class ResilienceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ResilienceException(string code, string message) : base(message) => Code = code;

    /// <summary>Stable machine-readable code, e.g. <c>BREAKER_FAILURE_RATE_THRESHOLD_OUT_OF_RANGE</c>.</summary>
    [Id(0)]
    public string Code { get; }
}
