using System.Text.Json.Serialization;

namespace CircuitBreaker.Resilience.Breaker;

/// <summary>Why a breaker changed state.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TransitionReason>))]
public enum TransitionReason
{
    /// <summary>Failure rate reached the threshold.</summary>
    FailureRateExceeded,
    /// <summary>Slow call rate reached the threshold.</summary>
    SlowCallRateExceeded,
    /// <summary>Both failure and slow call rates reached their thresholds.</summary>
    FailureAndSlowCallRatesExceeded,
    /// <summary>The wait in OPEN elapsed; trial calls may start.</summary>
    WaitDurationElapsed,
    /// <summary>The trial calls in HALF_OPEN were below both thresholds.</summary>
    TrialCallsSucceeded,
    /// <summary>HALF_OPEN lasted longer than its maximum wait.</summary>
    HalfOpenMaxWaitElapsed,
    /// <summary>Admin forced the breaker open.</summary>
    ForcedOpen,
    /// <summary>Admin closed the breaker.</summary>
    ManualClose,
    /// <summary>Admin reset the breaker (metrics cleared).</summary>
    Reset,
    /// <summary>Admin disabled the breaker.</summary>
    Disabled,
    /// <summary>Admin switched the breaker to metrics only.</summary>
    MetricsOnly,
    /// <summary>Admin moved an OPEN breaker to HALF_OPEN.</summary>
    ManualHalfOpen,
}

/// <summary>One state change, to be published by whoever owns the breaker.</summary>
/// <param name="From">State before.</param>
/// <param name="To">State after.</param>
/// <param name="At">When it happened.</param>
/// <param name="Reason">Why it happened.</param>
/// <param name="FailureRate">Failure rate (percent, -1 if not computed) that led to it.</param>
/// <param name="SlowCallRate">Slow call rate (percent, -1 if not computed) that led to it.</param>
public sealed record BreakerTransition(
    CircuitBreakerState From,
    CircuitBreakerState To,
    DateTimeOffset At,
    TransitionReason Reason,
    float FailureRate = -1f,
    float SlowCallRate = -1f);

/// <summary>Result of <see cref="CircuitBreakerStateMachine.TryAcquire"/>.</summary>
/// <param name="Permitted">True when the call may proceed; the caller must then report it with OnResult.</param>
/// <param name="RetryAfter">When refused: time until a new attempt may succeed, or null when unknown (e.g. FORCED_OPEN).</param>
/// <param name="State">State after the acquire.</param>
/// <param name="Transitions">State changes caused by this call (e.g. OPEN to HALF_OPEN).</param>
public sealed record AcquireResult(
    bool Permitted,
    TimeSpan? RetryAfter,
    CircuitBreakerState State,
    IReadOnlyList<BreakerTransition> Transitions);

/// <summary>Snapshot of a breaker's metrics.</summary>
public sealed record BreakerMetrics
{
    /// <summary>Current state.</summary>
    public CircuitBreakerState State { get; init; }
    /// <summary>Failure rate in percent; -1 while fewer than the minimum number of calls are recorded.</summary>
    public float FailureRate { get; init; }
    /// <summary>Slow call rate in percent; -1 while fewer than the minimum number of calls are recorded.</summary>
    public float SlowCallRate { get; init; }
    /// <summary>Recorded calls in the window.</summary>
    public int NumberOfBufferedCalls { get; init; }
    /// <summary>Failed calls in the window.</summary>
    public int NumberOfFailedCalls { get; init; }
    /// <summary>Successful calls in the window.</summary>
    public int NumberOfSuccessfulCalls { get; init; }
    /// <summary>Slow calls in the window.</summary>
    public int NumberOfSlowCalls { get; init; }
    /// <summary>Slow failed calls in the window.</summary>
    public int NumberOfSlowFailedCalls { get; init; }
    /// <summary>Slow successful calls in the window.</summary>
    public int NumberOfSlowSuccessfulCalls { get; init; }
    /// <summary>Calls refused since the current metrics were started.</summary>
    public long NumberOfNotPermittedCalls { get; init; }
    /// <summary>When the current state was entered (null if never transitioned).</summary>
    public DateTimeOffset? LastTransitionAt { get; init; }
    /// <summary>Why the current state was entered (null if never transitioned).</summary>
    public TransitionReason? LastTransitionReason { get; init; }
}
