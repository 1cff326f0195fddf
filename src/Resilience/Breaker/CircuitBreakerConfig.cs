namespace CircuitBreaker.Resilience.Breaker;

/// <summary>
/// Circuit breaker options with resilience4j's names and defaults. Immutable; serializable with System.Text.Json.
/// </summary>
public sealed record CircuitBreakerConfig
{
    /// <summary>Failure rate in percent at or above which the breaker opens. Range (0, 100]. Default 50.</summary>
    public float FailureRateThreshold { get; init; } = 50f;

    /// <summary>Slow call rate in percent at or above which the breaker opens. Range (0, 100]. Default 100.</summary>
    public float SlowCallRateThreshold { get; init; } = 100f;

    /// <summary>A call lasting strictly longer than this is slow. Must be positive. Default 60 s.</summary>
    public TimeSpan SlowCallDurationThreshold { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Count-based or time-based window. Default <see cref="SlidingWindowType.COUNT_BASED"/>.</summary>
    public SlidingWindowType SlidingWindowType { get; init; } = SlidingWindowType.COUNT_BASED;

    /// <summary>Number of calls (count-based) or seconds (time-based) in the window. At least 1. Default 100.</summary>
    public int SlidingWindowSize { get; init; } = 100;

    /// <summary>
    /// Calls needed in the window before rates are computed. At least 1. Default 100.
    /// For a count-based window the effective value is min(this, window size), as in resilience4j.
    /// </summary>
    public int MinimumNumberOfCalls { get; init; } = 100;

    /// <summary>Time spent OPEN before trial calls are allowed. At least 1 ms. Default 60 s.</summary>
    public TimeSpan WaitDurationInOpenState { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Trial calls permitted in HALF_OPEN. At least 1. Default 10.</summary>
    public int PermittedNumberOfCallsInHalfOpenState { get; init; } = 10;

    /// <summary>
    /// Longest time in HALF_OPEN before going back to OPEN; zero means wait indefinitely for the trial calls.
    /// Not negative. Default 0.
    /// </summary>
    public TimeSpan MaxWaitDurationInHalfOpenState { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// When true, <see cref="CircuitBreakerStateMachine.Tick"/> moves OPEN to HALF_OPEN once the wait has elapsed
    /// and <see cref="CircuitBreakerStateMachine.NextTransitionAt"/> reports that moment so a grain can schedule it.
    /// When false (resilience4j default) the move happens lazily on the next acquire.
    /// </summary>
    public bool AutomaticTransitionFromOpenToHalfOpenEnabled { get; init; }

    /// <summary>
    /// Multiplier of the OPEN wait for each consecutive re-open from HALF_OPEN (resilience4j's exponential backoff):
    /// the n-th consecutive open waits <c>WaitDurationInOpenState × multiplier^(n−1)</c>. At least 1; 1 (default) keeps
    /// the wait fixed.
    /// </summary>
    public double ExponentialBackoffMultiplier { get; init; } = 1.0;

    /// <summary>Cap on the backed-off OPEN wait; zero (default) means no cap. Not negative.</summary>
    public TimeSpan ExponentialMaxWaitDurationInOpenState { get; init; } = TimeSpan.Zero;

    /// <summary>OPEN wait for the given consecutive open (1 = first open since CLOSED).</summary>
    public TimeSpan WaitDurationForAttempt(int attempt)
    {
        // Computed in ticks as a double and capped, so a long streak of re-opens can never overflow.
        var ticks = WaitDurationInOpenState.Ticks * Math.Pow(ExponentialBackoffMultiplier, Math.Max(0, attempt - 1));
        var cap = ExponentialMaxWaitDurationInOpenState > TimeSpan.Zero ? ExponentialMaxWaitDurationInOpenState : MaxOpenWait;
        return ticks >= cap.Ticks ? cap : TimeSpan.FromTicks((long)ticks);
    }

    // Beyond any sensible wait, and far from DateTimeOffset overflow.
    private static readonly TimeSpan MaxOpenWait = TimeSpan.FromDays(365);

    /// <summary>Minimum number of calls actually applied, taking the window type into account.</summary>
    public int EffectiveMinimumNumberOfCalls =>
        SlidingWindowType == SlidingWindowType.COUNT_BASED
            ? Math.Min(MinimumNumberOfCalls, SlidingWindowSize)
            : MinimumNumberOfCalls;

    /// <summary>Returns every problem with this configuration; empty when valid.</summary>
    public IReadOnlyList<ConfigError> Validate()
    {
        var errors = new List<ConfigError>();
        if (!(FailureRateThreshold > 0 && FailureRateThreshold <= 100))
            errors.Add(new("BREAKER_FAILURE_RATE_THRESHOLD_OUT_OF_RANGE",
                $"failureRateThreshold must be in (0, 100] percent, got {FailureRateThreshold}."));
        if (!(SlowCallRateThreshold > 0 && SlowCallRateThreshold <= 100))
            errors.Add(new("BREAKER_SLOW_CALL_RATE_THRESHOLD_OUT_OF_RANGE",
                $"slowCallRateThreshold must be in (0, 100] percent, got {SlowCallRateThreshold}."));
        if (SlowCallDurationThreshold <= TimeSpan.Zero)
            errors.Add(new("BREAKER_SLOW_CALL_DURATION_NOT_POSITIVE",
                $"slowCallDurationThreshold must be positive, got {SlowCallDurationThreshold}."));
        if (!Enum.IsDefined(SlidingWindowType))
            errors.Add(new("BREAKER_SLIDING_WINDOW_TYPE_UNKNOWN",
                $"slidingWindowType must be COUNT_BASED or TIME_BASED, got {(int)SlidingWindowType}."));
        if (SlidingWindowSize < 1)
            errors.Add(new("BREAKER_SLIDING_WINDOW_SIZE_TOO_SMALL",
                $"slidingWindowSize must be at least 1, got {SlidingWindowSize}."));
        if (MinimumNumberOfCalls < 1)
            errors.Add(new("BREAKER_MINIMUM_NUMBER_OF_CALLS_TOO_SMALL",
                $"minimumNumberOfCalls must be at least 1, got {MinimumNumberOfCalls}."));
        if (WaitDurationInOpenState < TimeSpan.FromMilliseconds(1))
            errors.Add(new("BREAKER_WAIT_DURATION_TOO_SMALL",
                $"waitDurationInOpenState must be at least 1 ms, got {WaitDurationInOpenState}."));
        if (PermittedNumberOfCallsInHalfOpenState < 1)
            errors.Add(new("BREAKER_HALF_OPEN_PERMITS_TOO_SMALL",
                $"permittedNumberOfCallsInHalfOpenState must be at least 1, got {PermittedNumberOfCallsInHalfOpenState}."));
        if (MaxWaitDurationInHalfOpenState < TimeSpan.Zero)
            errors.Add(new("BREAKER_HALF_OPEN_MAX_WAIT_NEGATIVE",
                $"maxWaitDurationInHalfOpenState must not be negative (0 = wait indefinitely), got {MaxWaitDurationInHalfOpenState}."));
        if (!(ExponentialBackoffMultiplier >= 1 && double.IsFinite(ExponentialBackoffMultiplier)))
            errors.Add(new("BREAKER_BACKOFF_MULTIPLIER_OUT_OF_RANGE",
                $"exponentialBackoffMultiplier must be a finite number of at least 1, got {ExponentialBackoffMultiplier}."));
        if (ExponentialMaxWaitDurationInOpenState < TimeSpan.Zero)
            errors.Add(new("BREAKER_BACKOFF_MAX_WAIT_NEGATIVE",
                $"exponentialMaxWaitDurationInOpenState must not be negative (0 = no cap), got {ExponentialMaxWaitDurationInOpenState}."));
        return errors;
    }

    /// <summary>Throws <see cref="ResilienceConfigException"/> listing every problem when invalid.</summary>
    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0) throw new ResilienceConfigException(errors);
    }
}
