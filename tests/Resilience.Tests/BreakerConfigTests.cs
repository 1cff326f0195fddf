using CircuitBreaker.Resilience.Breaker;

namespace CircuitBreaker.Resilience.Tests;

public class BreakerConfigTests
{
    [Fact]
    public void Defaults_are_resilience4j_defaults()
    {
        var c = new CircuitBreakerConfig();
        Assert.Equal(50f, c.FailureRateThreshold);
        Assert.Equal(100f, c.SlowCallRateThreshold);
        Assert.Equal(TimeSpan.FromSeconds(60), c.SlowCallDurationThreshold);
        Assert.Equal(TimeSpan.FromSeconds(60), c.WaitDurationInOpenState);
        Assert.Equal(10, c.PermittedNumberOfCallsInHalfOpenState);
        Assert.Equal(100, c.MinimumNumberOfCalls);
        Assert.Equal(SlidingWindowType.COUNT_BASED, c.SlidingWindowType);
        Assert.Equal(100, c.SlidingWindowSize);
        Assert.Equal(TimeSpan.Zero, c.MaxWaitDurationInHalfOpenState);
        Assert.False(c.AutomaticTransitionFromOpenToHalfOpenEnabled);
        Assert.Equal(1.0, c.ExponentialBackoffMultiplier);
        Assert.Equal(TimeSpan.Zero, c.ExponentialMaxWaitDurationInOpenState);
        Assert.Empty(c.Validate());
    }

    public static TheoryData<CircuitBreakerConfig, string> InvalidConfigs => new()
    {
        { new() { FailureRateThreshold = 0 }, "BREAKER_FAILURE_RATE_THRESHOLD_OUT_OF_RANGE" },
        { new() { FailureRateThreshold = 100.5f }, "BREAKER_FAILURE_RATE_THRESHOLD_OUT_OF_RANGE" },
        { new() { FailureRateThreshold = float.NaN }, "BREAKER_FAILURE_RATE_THRESHOLD_OUT_OF_RANGE" },
        { new() { SlowCallRateThreshold = -1 }, "BREAKER_SLOW_CALL_RATE_THRESHOLD_OUT_OF_RANGE" },
        { new() { SlowCallDurationThreshold = TimeSpan.Zero }, "BREAKER_SLOW_CALL_DURATION_NOT_POSITIVE" },
        { new() { SlidingWindowSize = 0 }, "BREAKER_SLIDING_WINDOW_SIZE_TOO_SMALL" },
        { new() { SlidingWindowType = (SlidingWindowType)7 }, "BREAKER_SLIDING_WINDOW_TYPE_UNKNOWN" },
        { new() { MinimumNumberOfCalls = 0 }, "BREAKER_MINIMUM_NUMBER_OF_CALLS_TOO_SMALL" },
        { new() { WaitDurationInOpenState = TimeSpan.Zero }, "BREAKER_WAIT_DURATION_TOO_SMALL" },
        { new() { PermittedNumberOfCallsInHalfOpenState = 0 }, "BREAKER_HALF_OPEN_PERMITS_TOO_SMALL" },
        { new() { MaxWaitDurationInHalfOpenState = TimeSpan.FromSeconds(-1) }, "BREAKER_HALF_OPEN_MAX_WAIT_NEGATIVE" },
        { new() { ExponentialBackoffMultiplier = 0.5 }, "BREAKER_BACKOFF_MULTIPLIER_OUT_OF_RANGE" },
        { new() { ExponentialBackoffMultiplier = double.PositiveInfinity }, "BREAKER_BACKOFF_MULTIPLIER_OUT_OF_RANGE" },
        { new() { ExponentialMaxWaitDurationInOpenState = TimeSpan.FromSeconds(-1) }, "BREAKER_BACKOFF_MAX_WAIT_NEGATIVE" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void Invalid_config_is_rejected_with_a_code(CircuitBreakerConfig config, string code)
    {
        var ex = Assert.Throws<ResilienceConfigException>(() => new CircuitBreakerStateMachine(config));
        Assert.Equal(code, ex.Code);
        Assert.Contains(code, ex.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = new CircuitBreakerConfig { SlidingWindowSize = 0, MinimumNumberOfCalls = 0 }.Validate();
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Count_window_caps_minimum_calls_at_window_size()
    {
        Assert.Equal(5, new CircuitBreakerConfig { SlidingWindowSize = 5 }.EffectiveMinimumNumberOfCalls);
        Assert.Equal(100, new CircuitBreakerConfig { SlidingWindowType = SlidingWindowType.TIME_BASED, SlidingWindowSize = 5 }
            .EffectiveMinimumNumberOfCalls);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 30)] // capped
    [InlineData(5000, 30)] // no overflow on a long streak
    public void Backoff_multiplies_the_wait_per_consecutive_open_up_to_the_cap(int attempt, int seconds)
    {
        var c = new CircuitBreakerConfig
        {
            WaitDurationInOpenState = TimeSpan.FromSeconds(5), ExponentialBackoffMultiplier = 2,
            ExponentialMaxWaitDurationInOpenState = TimeSpan.FromSeconds(30),
        };
        Assert.Equal(TimeSpan.FromSeconds(seconds), c.WaitDurationForAttempt(attempt));
    }
}
