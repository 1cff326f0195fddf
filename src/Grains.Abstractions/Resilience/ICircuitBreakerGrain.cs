using Orleans.Concurrency;

namespace CircuitBreaker.Grains.Resilience;

/// <summary>
/// A cluster-wide circuit breaker (resilience4j semantics) for one protected resource; the key names the resource,
/// e.g. <c>llm:openai</c>. Transitions are persisted and published on stream namespace <c>breaker</c>, key = breaker id.
/// </summary>
public interface ICircuitBreakerGrain : IGrainWithStringKey
{
    /// <summary>Replaces the configuration (unset fields take resilience4j defaults); invalid values raise <see cref="ResilienceException"/>.</summary>
    Task<BreakerView> Configure(BreakerSettings settings);

    /// <summary>Asks for permission to make one call.</summary>
    Task<BreakerPermit> TryAcquire();

    /// <summary>Records the outcome of a permitted call.</summary>
    Task Record(BreakerOutcome outcome, double durationMs);

    /// <summary>Current state, configuration and metrics.</summary>
    [ReadOnly]
    Task<BreakerView> GetState();

    /// <summary>Admin: refuse every call until closed or reset.</summary>
    Task<BreakerView> ForceOpen();

    /// <summary>Admin: back to CLOSED with fresh metrics.</summary>
    Task<BreakerView> Close();

    /// <summary>Admin: CLOSED and every metric cleared.</summary>
    Task<BreakerView> Reset();

    /// <summary>Admin: permit every call and record nothing.</summary>
    Task<BreakerView> Disable();
}

/// <summary>Outcome of a call reported to a breaker.</summary>
[GenerateSerializer, Alias("cb.BreakerOutcome")]
public enum BreakerOutcome
{
    /// <summary>The call succeeded.</summary>
    Success,
    /// <summary>The call failed with a recorded error.</summary>
    Failure,
    /// <summary>The call failed with an error that does not count (gives a half-open permit back).</summary>
    Ignored,
}

/// <summary>Answer to <see cref="ICircuitBreakerGrain.TryAcquire"/>.</summary>
/// <param name="Permitted">Whether the call may go ahead.</param>
/// <param name="State">The breaker state after the request (CLOSED, OPEN, HALF_OPEN, DISABLED, FORCED_OPEN, METRICS_ONLY).</param>
/// <param name="RetryAfterMs">When refused while OPEN: milliseconds until trial calls may start; otherwise null.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.BreakerPermit")]
public sealed record BreakerPermit(bool Permitted, string State, long? RetryAfterMs);

/// <summary>Breaker configuration; every null field takes the resilience4j default. Durations in milliseconds.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.BreakerSettings")]
public sealed record BreakerSettings
{
    /// <summary>Failure rate (percent, (0, 100]) at or above which the breaker opens.</summary>
    public float? FailureRateThreshold { get; init; }
    /// <summary>Slow-call rate (percent) at or above which the breaker opens.</summary>
    public float? SlowCallRateThreshold { get; init; }
    /// <summary>A call lasting strictly longer is slow.</summary>
    public double? SlowCallDurationThresholdMs { get; init; }
    /// <summary><c>COUNT_BASED</c> or <c>TIME_BASED</c>.</summary>
    public string? SlidingWindowType { get; init; }
    /// <summary>Calls (count-based) or seconds (time-based) in the window.</summary>
    public int? SlidingWindowSize { get; init; }
    /// <summary>Calls in the window before rates count.</summary>
    public int? MinimumNumberOfCalls { get; init; }
    /// <summary>Time OPEN before trial calls may start.</summary>
    public double? WaitDurationInOpenStateMs { get; init; }
    /// <summary>Trial calls in HALF_OPEN.</summary>
    public int? PermittedNumberOfCallsInHalfOpenState { get; init; }
    /// <summary>Longest time in HALF_OPEN before going back to OPEN; 0 = no limit.</summary>
    public double? MaxWaitDurationInHalfOpenStateMs { get; init; }
    /// <summary>Multiplier of the open wait on consecutive re-opens (≥ 1).</summary>
    public double? ExponentialBackoffMultiplier { get; init; }
    /// <summary>Cap of the backed-off open wait; 0 = no cap.</summary>
    public double? ExponentialMaxWaitDurationInOpenStateMs { get; init; }
}

/// <summary>State, configuration and metrics of a breaker.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.BreakerView")]
public sealed record BreakerView
{
    /// <summary>Breaker id (grain key).</summary>
    public string Id { get; init; } = "";
    /// <summary>Current state name.</summary>
    public string State { get; init; } = "";
    /// <summary>Failure rate in percent; -1 until the minimum number of calls is reached.</summary>
    public float FailureRate { get; init; }
    /// <summary>Slow-call rate in percent; -1 until the minimum number of calls is reached.</summary>
    public float SlowCallRate { get; init; }
    /// <summary>Calls in the sliding window.</summary>
    public int NumberOfBufferedCalls { get; init; }
    /// <summary>Failed calls in the window.</summary>
    public int NumberOfFailedCalls { get; init; }
    /// <summary>Slow calls in the window.</summary>
    public int NumberOfSlowCalls { get; init; }
    /// <summary>Calls refused since the state was entered.</summary>
    public long NumberOfNotPermittedCalls { get; init; }
    /// <summary>When the last transition happened.</summary>
    public DateTimeOffset? LastTransitionAt { get; init; }
    /// <summary>Why the last transition happened.</summary>
    public string? LastTransitionReason { get; init; }
    /// <summary>When the breaker changes state by itself next (OPEN → HALF_OPEN, or HALF_OPEN max wait).</summary>
    public DateTimeOffset? NextTransitionAt { get; init; }
    /// <summary>The configuration in force (all fields filled).</summary>
    public BreakerSettings Config { get; init; } = new();
}

/// <summary>A state change published on stream namespace <c>breaker</c>.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.BreakerStateChanged")]
public sealed record BreakerStateChanged(string BreakerId, string From, string To, DateTimeOffset At, string Reason, float FailureRate, float SlowCallRate);
