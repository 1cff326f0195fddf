using System.Text.Json.Serialization;

namespace CircuitBreaker.Resilience.Breaker;

/// <summary>States of a circuit breaker, named as in resilience4j.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CircuitBreakerState>))]
public enum CircuitBreakerState
{
    /// <summary>Calls flow; outcomes are recorded and the rates evaluated after each call.</summary>
    CLOSED,
    /// <summary>Calls are refused until the wait duration has elapsed.</summary>
    OPEN,
    /// <summary>A limited number of trial calls is permitted; their rates decide CLOSED or OPEN.</summary>
    HALF_OPEN,
    /// <summary>Admin state: every call is permitted and nothing is recorded.</summary>
    DISABLED,
    /// <summary>Admin state: every call is refused until an admin transition.</summary>
    FORCED_OPEN,
    /// <summary>Admin state: every call is permitted, outcomes are recorded, the state never changes by itself.</summary>
    METRICS_ONLY,
}

/// <summary>Kind of sliding window used to aggregate call outcomes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SlidingWindowType>))]
public enum SlidingWindowType
{
    /// <summary>The last N calls.</summary>
    COUNT_BASED,
    /// <summary>The calls of the last N seconds, aggregated in per-second buckets.</summary>
    TIME_BASED,
}

/// <summary>How a finished call is classified.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CallOutcome>))]
public enum CallOutcome
{
    /// <summary>The call succeeded (it may still be slow).</summary>
    Success,
    /// <summary>The call failed with an error that counts toward the failure rate.</summary>
    Failure,
    /// <summary>The call failed with an error that is ignored: neither success nor failure.</summary>
    Ignored,
}
