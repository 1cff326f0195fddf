using CircuitBreaker.Resilience;
using CircuitBreaker.Resilience.Breaker;

namespace CircuitBreaker.Grains.Resilience;

/// <summary>Converts between the grain contract's plain DTOs and the pure breaker types.</summary>
public static class BreakerMapping
{
    /// <summary>Builds a validated configuration; automatic OPEN → HALF_OPEN is always on (the grain has timers for it).</summary>
    public static CircuitBreakerConfig ToConfig(BreakerSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var d = new CircuitBreakerConfig();
        SlidingWindowType windowType = d.SlidingWindowType;
        if (s.SlidingWindowType is { } text && !Enum.TryParse(text, ignoreCase: true, out windowType))
            throw new ResilienceException("BREAKER_SLIDING_WINDOW_TYPE_UNKNOWN", $"slidingWindowType must be COUNT_BASED or TIME_BASED, got '{text}'.");
        var config = new CircuitBreakerConfig
        {
            FailureRateThreshold = s.FailureRateThreshold ?? d.FailureRateThreshold,
            SlowCallRateThreshold = s.SlowCallRateThreshold ?? d.SlowCallRateThreshold,
            SlowCallDurationThreshold = Ms(s.SlowCallDurationThresholdMs, d.SlowCallDurationThreshold, "slowCallDurationThresholdMs"),
            SlidingWindowType = windowType,
            SlidingWindowSize = s.SlidingWindowSize ?? d.SlidingWindowSize,
            MinimumNumberOfCalls = s.MinimumNumberOfCalls ?? d.MinimumNumberOfCalls,
            WaitDurationInOpenState = Ms(s.WaitDurationInOpenStateMs, d.WaitDurationInOpenState, "waitDurationInOpenStateMs"),
            PermittedNumberOfCallsInHalfOpenState = s.PermittedNumberOfCallsInHalfOpenState ?? d.PermittedNumberOfCallsInHalfOpenState,
            MaxWaitDurationInHalfOpenState = Ms(s.MaxWaitDurationInHalfOpenStateMs, d.MaxWaitDurationInHalfOpenState, "maxWaitDurationInHalfOpenStateMs"),
            AutomaticTransitionFromOpenToHalfOpenEnabled = true,
            ExponentialBackoffMultiplier = s.ExponentialBackoffMultiplier ?? d.ExponentialBackoffMultiplier,
            ExponentialMaxWaitDurationInOpenState = Ms(s.ExponentialMaxWaitDurationInOpenStateMs, d.ExponentialMaxWaitDurationInOpenState, "exponentialMaxWaitDurationInOpenStateMs"),
        };
        var errors = config.Validate();
        if (errors.Count > 0)
            throw new ResilienceException(errors[0].Code, string.Join(" ", errors.Select(e => e.Message)));
        return config;
    }

    /// <summary>The configuration as settings with every field filled.</summary>
    public static BreakerSettings ToSettings(CircuitBreakerConfig c) => new()
    {
        FailureRateThreshold = c.FailureRateThreshold,
        SlowCallRateThreshold = c.SlowCallRateThreshold,
        SlowCallDurationThresholdMs = c.SlowCallDurationThreshold.TotalMilliseconds,
        SlidingWindowType = c.SlidingWindowType.ToString(),
        SlidingWindowSize = c.SlidingWindowSize,
        MinimumNumberOfCalls = c.MinimumNumberOfCalls,
        WaitDurationInOpenStateMs = c.WaitDurationInOpenState.TotalMilliseconds,
        PermittedNumberOfCallsInHalfOpenState = c.PermittedNumberOfCallsInHalfOpenState,
        MaxWaitDurationInHalfOpenStateMs = c.MaxWaitDurationInHalfOpenState.TotalMilliseconds,
        ExponentialBackoffMultiplier = c.ExponentialBackoffMultiplier,
        ExponentialMaxWaitDurationInOpenStateMs = c.ExponentialMaxWaitDurationInOpenState.TotalMilliseconds,
    };

    /// <summary>The machine's state and metrics as seen at <paramref name="now"/>.</summary>
    public static BreakerView ToView(string id, CircuitBreakerStateMachine machine, DateTimeOffset now)
    {
        var m = machine.GetMetrics(now);
        return new BreakerView
        {
            Id = id,
            State = machine.State.ToString(),
            FailureRate = m.FailureRate,
            SlowCallRate = m.SlowCallRate,
            NumberOfBufferedCalls = m.NumberOfBufferedCalls,
            NumberOfFailedCalls = m.NumberOfFailedCalls,
            NumberOfSlowCalls = m.NumberOfSlowCalls,
            NumberOfNotPermittedCalls = m.NumberOfNotPermittedCalls,
            LastTransitionAt = m.LastTransitionAt,
            LastTransitionReason = m.LastTransitionReason?.ToString(),
            NextTransitionAt = machine.NextTransitionAt,
            Config = ToSettings(machine.Config),
        };
    }

    /// <summary>A transition as a stream event.</summary>
    public static BreakerStateChanged ToEvent(string id, BreakerTransition t) =>
        new(id, t.From.ToString(), t.To.ToString(), t.At, t.Reason.ToString(), t.FailureRate, t.SlowCallRate);

    /// <summary>The pure outcome for a contract outcome; unknown values raise <see cref="ResilienceException"/>.</summary>
    public static CallOutcome ToOutcome(BreakerOutcome outcome) => outcome switch
    {
        BreakerOutcome.Success => CallOutcome.Success,
        BreakerOutcome.Failure => CallOutcome.Failure,
        BreakerOutcome.Ignored => CallOutcome.Ignored,
        _ => throw new ResilienceException("BREAKER_OUTCOME_UNKNOWN", $"Unknown call outcome {(int)outcome}."),
    };

    private static TimeSpan Ms(double? ms, TimeSpan fallback, string field)
    {
        if (ms is not { } v) return fallback;
        if (double.IsNaN(v) || double.IsInfinity(v) || v < 0 || v > TimeSpan.MaxValue.TotalMilliseconds / 2)
            throw new ResilienceException("BREAKER_DURATION_OUT_OF_RANGE", $"{field} must be a finite number of milliseconds ≥ 0, got {v}.");
        return TimeSpan.FromMilliseconds(v);
    }
}
