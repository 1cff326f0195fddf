using CircuitBreaker.Resilience.Breaker;
using static CircuitBreaker.Resilience.Breaker.CircuitBreakerState;

namespace CircuitBreaker.Resilience.Tests;

public class BreakerStateMachineTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(10);

    private readonly ManualTimeProvider _clock = new(Start);

    // The example of the brief: window 5 (count), threshold 50 %, 4 half-open permits, wait 5 s, minimum 5.
    private static CircuitBreakerConfig Example(bool automatic = false) => new()
    {
        SlidingWindowSize = 5,
        FailureRateThreshold = 50,
        PermittedNumberOfCallsInHalfOpenState = 4,
        WaitDurationInOpenState = TimeSpan.FromSeconds(5),
        MinimumNumberOfCalls = 5,
        AutomaticTransitionFromOpenToHalfOpenEnabled = automatic,
    };

    private DateTimeOffset Now => _clock.GetUtcNow();

    private IReadOnlyList<BreakerTransition> Call(CircuitBreakerStateMachine b, CallOutcome outcome, TimeSpan? duration = null)
    {
        Assert.True(b.TryAcquire(Now).Permitted);
        return b.OnResult(outcome, duration ?? Fast, Now);
    }

    private CircuitBreakerStateMachine OpenedExample(bool automatic = false)
    {
        var b = new CircuitBreakerStateMachine(Example(automatic));
        foreach (var o in new[] { CallOutcome.Failure, CallOutcome.Success, CallOutcome.Failure, CallOutcome.Success })
            Assert.Empty(Call(b, o));
        var t = Assert.Single(Call(b, CallOutcome.Failure));
        Assert.Equal(new BreakerTransition(CLOSED, OPEN, Now, TransitionReason.FailureRateExceeded, 60f, 0f), t);
        return b;
    }

    [Fact]
    public void Example_opens_at_60_percent_goes_half_open_after_wait_and_limits_trial_calls()
    {
        var b = OpenedExample();
        Assert.Equal(OPEN, b.State);
        Assert.Equal(60f, b.Metrics.FailureRate);

        var refused = b.TryAcquire(_clock.Advance(TimeSpan.FromSeconds(2)));
        Assert.False(refused.Permitted);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.RetryAfter);
        Assert.Equal(1, b.Metrics.NumberOfNotPermittedCalls);

        _clock.Advance(TimeSpan.FromSeconds(3));
        var first = b.TryAcquire(Now);
        Assert.True(first.Permitted);
        Assert.Equal(HALF_OPEN, first.State);
        var t = Assert.Single(first.Transitions);
        Assert.Equal((OPEN, HALF_OPEN, TransitionReason.WaitDurationElapsed), (t.From, t.To, t.Reason));

        for (var i = 0; i < 3; i++) Assert.True(b.TryAcquire(Now).Permitted);
        var fifth = b.TryAcquire(Now);
        Assert.False(fifth.Permitted);
        Assert.Null(fifth.RetryAfter);

        Assert.Empty(b.OnResult(CallOutcome.Success, Fast, Now));
        Assert.Empty(b.OnResult(CallOutcome.Failure, Fast, Now));
        Assert.Empty(b.OnResult(CallOutcome.Success, Fast, Now));
        Assert.False(b.TryAcquire(Now).Permitted); // still refused until the last trial call finishes
        var closed = Assert.Single(b.OnResult(CallOutcome.Success, Fast, Now));
        Assert.Equal((HALF_OPEN, CLOSED, TransitionReason.TrialCallsSucceeded, 25f), (closed.From, closed.To, closed.Reason, closed.FailureRate));
        Assert.True(b.TryAcquire(Now).Permitted);
        Assert.Equal(0, b.Metrics.NumberOfBufferedCalls);
    }

    [Theory]
    [InlineData(0, CLOSED)]
    [InlineData(1, CLOSED)]
    [InlineData(2, OPEN)] // 50 % reaches the 50 % threshold
    [InlineData(4, OPEN)]
    public void Half_open_trial_calls_decide_by_rate(int failures, CircuitBreakerState expected)
    {
        var b = OpenedExample();
        _clock.Advance(TimeSpan.FromSeconds(5));
        for (var i = 0; i < 4; i++) Assert.True(b.TryAcquire(Now).Permitted);
        IReadOnlyList<BreakerTransition> last = [];
        for (var i = 0; i < 4; i++)
            last = b.OnResult(i < failures ? CallOutcome.Failure : CallOutcome.Success, Fast, Now);
        Assert.Equal(expected, b.State);
        Assert.Equal(expected, Assert.Single(last).To);
        if (expected == OPEN)
        {
            Assert.Equal(TimeSpan.FromSeconds(5), b.TryAcquire(Now).RetryAfter);
        }
    }

    [Fact]
    public void Open_to_half_open_is_lazy_unless_automatic_transition_is_enabled()
    {
        var lazy = OpenedExample();
        Assert.Null(lazy.NextTransitionAt);
        Assert.Empty(lazy.Tick(_clock.Advance(TimeSpan.FromSeconds(6))));
        Assert.Equal(OPEN, lazy.State);

        _clock.Set(Start);
        var auto = OpenedExample(automatic: true);
        Assert.Equal(Start + TimeSpan.FromSeconds(5), auto.NextTransitionAt);
        Assert.Empty(auto.Tick(_clock.Advance(TimeSpan.FromSeconds(4.999))));
        var t = Assert.Single(auto.Tick(_clock.Advance(TimeSpan.FromMilliseconds(1))));
        Assert.Equal((OPEN, HALF_OPEN, Start + TimeSpan.FromSeconds(5)), (t.From, t.To, t.At));
        Assert.Equal(HALF_OPEN, auto.State);
        Assert.Null(auto.NextTransitionAt);
    }

    [Fact]
    public void Consecutive_reopens_back_off_and_a_close_starts_over()
    {
        var b = new CircuitBreakerStateMachine(Example() with
        {
            ExponentialBackoffMultiplier = 2, ExponentialMaxWaitDurationInOpenState = TimeSpan.FromSeconds(15),
        });
        for (var i = 0; i < 5; i++) Call(b, CallOutcome.Failure);
        var waits = new List<TimeSpan?> { b.TryAcquire(Now).RetryAfter };
        for (var round = 0; round < 3; round++)
        {
            _clock.Advance(waits[^1]!.Value);
            for (var i = 0; i < 4; i++) Call(b, CallOutcome.Failure); // trial calls fail: re-open
            waits.Add(b.TryAcquire(Now).RetryAfter);
        }
        Assert.Equal([5, 10, 15, 15], waits.Select(w => w!.Value.TotalSeconds));

        _clock.Advance(TimeSpan.FromSeconds(15));
        for (var i = 0; i < 4; i++) Call(b, CallOutcome.Success);
        Assert.Equal(CircuitBreakerState.CLOSED, b.State);
        for (var i = 0; i < 5; i++) Call(b, CallOutcome.Failure);
        Assert.Equal(TimeSpan.FromSeconds(5), b.TryAcquire(Now).RetryAfter);
    }

    [Fact]
    public void Reconfigure_applies_new_thresholds_and_restarts_a_changed_window()
    {
        var b = new CircuitBreakerStateMachine(Example());
        for (var i = 0; i < 4; i++) Call(b, i < 2 ? CallOutcome.Failure : CallOutcome.Success);
        b.Reconfigure(Example() with { FailureRateThreshold = 80 }, Now);
        Assert.Equal(4, b.Metrics.NumberOfBufferedCalls); // same window: calls kept
        Assert.Empty(Call(b, CallOutcome.Failure)); // 60 % < 80 %
        b.Reconfigure(Example() with { FailureRateThreshold = 80, SlidingWindowSize = 3, MinimumNumberOfCalls = 3 }, Now);
        Assert.Equal(0, b.Metrics.NumberOfBufferedCalls);
        Call(b, CallOutcome.Failure);
        Call(b, CallOutcome.Failure);
        Assert.Equal(CircuitBreakerState.OPEN, Assert.Single(Call(b, CallOutcome.Failure)).To);

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(b.TryAcquire(Now).Permitted);
        b.Reconfigure(b.Config with { PermittedNumberOfCallsInHalfOpenState = 2 }, Now);
        Assert.True(b.TryAcquire(Now).Permitted);
        Assert.True(b.TryAcquire(Now).Permitted);
        Assert.False(b.TryAcquire(Now).Permitted);
        Assert.Equal("BREAKER_SLIDING_WINDOW_SIZE_TOO_SMALL", Assert.Throws<ResilienceConfigException>(() =>
            b.Reconfigure(b.Config with { SlidingWindowSize = 0 }, Now)).Code);
        Assert.Equal(2, b.Config.PermittedNumberOfCallsInHalfOpenState);
    }

    [Fact]
    public void Slow_calls_open_the_breaker_when_the_slow_rate_reaches_its_threshold()
    {
        var b = new CircuitBreakerStateMachine(new CircuitBreakerConfig
        {
            SlidingWindowSize = 4, MinimumNumberOfCalls = 4, SlowCallRateThreshold = 50,
            SlowCallDurationThreshold = TimeSpan.FromSeconds(1),
        });
        Assert.Empty(Call(b, CallOutcome.Success, TimeSpan.FromSeconds(2)));
        Assert.Empty(Call(b, CallOutcome.Success, TimeSpan.FromSeconds(1))); // equal to the threshold is not slow
        Assert.Empty(Call(b, CallOutcome.Success, Fast));
        Assert.Equal(CLOSED, b.State);
        var t = Assert.Single(Call(b, CallOutcome.Success, TimeSpan.FromSeconds(3)));
        Assert.Equal((TransitionReason.SlowCallRateExceeded, 50f, 0f), (t.Reason, t.SlowCallRate, t.FailureRate));
        var m = b.Metrics;
        Assert.Equal((2, 2, 0), (m.NumberOfSlowCalls, m.NumberOfSlowSuccessfulCalls, m.NumberOfSlowFailedCalls));
    }

    [Fact]
    public void Slow_failures_exceeding_both_thresholds_report_both()
    {
        var b = new CircuitBreakerStateMachine(new CircuitBreakerConfig
        {
            SlidingWindowSize = 2, MinimumNumberOfCalls = 2, SlowCallDurationThreshold = TimeSpan.FromSeconds(1),
        });
        Call(b, CallOutcome.Failure, TimeSpan.FromSeconds(5));
        var t = Assert.Single(Call(b, CallOutcome.Failure, TimeSpan.FromSeconds(5)));
        Assert.Equal(TransitionReason.FailureAndSlowCallRatesExceeded, t.Reason);
    }

    [Theory]
    [InlineData(20, 10, 9, CLOSED)]
    [InlineData(20, 10, 10, OPEN)]
    [InlineData(5, 100, 5, OPEN)] // count window caps the minimum at its size
    public void Minimum_number_of_calls_gates_the_rates(int window, int minimum, int failures, CircuitBreakerState expected)
    {
        var b = new CircuitBreakerStateMachine(new CircuitBreakerConfig { SlidingWindowSize = window, MinimumNumberOfCalls = minimum });
        for (var i = 0; i < failures; i++) Call(b, CallOutcome.Failure);
        Assert.Equal(expected, b.State);
        if (expected == CLOSED) Assert.Equal(-1f, b.Metrics.FailureRate);
    }

    [Fact]
    public void Count_window_forgets_the_oldest_call()
    {
        var b = new CircuitBreakerStateMachine(new CircuitBreakerConfig { SlidingWindowSize = 3, MinimumNumberOfCalls = 3, FailureRateThreshold = 100 });
        Call(b, CallOutcome.Success);
        Call(b, CallOutcome.Failure);
        Call(b, CallOutcome.Failure);
        Assert.Equal(CLOSED, b.State);
        Assert.Equal(OPEN, Assert.Single(Call(b, CallOutcome.Failure)).To); // the success has left the window
    }

    [Fact]
    public void Time_window_drops_seconds_that_left_it()
    {
        var b = new CircuitBreakerStateMachine(new CircuitBreakerConfig
        {
            SlidingWindowType = SlidingWindowType.TIME_BASED, SlidingWindowSize = 10, MinimumNumberOfCalls = 3,
        });
        Call(b, CallOutcome.Failure);
        Call(b, CallOutcome.Failure);
        Assert.Equal(2, b.GetMetrics(Now).NumberOfBufferedCalls);
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(2, b.GetMetrics(Now).NumberOfBufferedCalls);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, b.GetMetrics(Now).NumberOfBufferedCalls);
        Assert.Empty(Call(b, CallOutcome.Failure)); // only 1 call in the window: below the minimum
        Assert.Equal(CLOSED, b.State);
        _clock.Advance(TimeSpan.FromSeconds(3));
        Call(b, CallOutcome.Failure);
        Assert.Equal(OPEN, Assert.Single(Call(b, CallOutcome.Success)).To); // 2 of 3 within 10 s
    }

    [Fact]
    public void Time_window_reuses_a_bucket_index_after_a_full_lap()
    {
        var b = new CircuitBreakerStateMachine(new CircuitBreakerConfig
        {
            SlidingWindowType = SlidingWindowType.TIME_BASED, SlidingWindowSize = 2, MinimumNumberOfCalls = 10,
        });
        Call(b, CallOutcome.Failure);
        _clock.Advance(TimeSpan.FromSeconds(2)); // same bucket index, new second
        Call(b, CallOutcome.Success);
        var m = b.GetMetrics(Now);
        Assert.Equal((1, 0), (m.NumberOfBufferedCalls, m.NumberOfFailedCalls));
    }

    [Fact]
    public void Half_open_goes_back_to_open_after_its_max_wait()
    {
        var config = Example() with { MaxWaitDurationInHalfOpenState = TimeSpan.FromSeconds(10) };
        var b = new CircuitBreakerStateMachine(config);
        for (var i = 0; i < 5; i++) Call(b, CallOutcome.Failure);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(b.TryAcquire(Now).Permitted);
        var halfOpenAt = Now;
        Assert.Equal(halfOpenAt + TimeSpan.FromSeconds(10), b.NextTransitionAt);
        Assert.Empty(b.Tick(_clock.Advance(TimeSpan.FromSeconds(9))));
        var t = Assert.Single(b.Tick(_clock.Advance(TimeSpan.FromSeconds(1))));
        Assert.Equal((HALF_OPEN, OPEN, TransitionReason.HalfOpenMaxWaitElapsed), (t.From, t.To, t.Reason));
        Assert.Equal(TimeSpan.FromSeconds(5), b.TryAcquire(Now).RetryAfter);
    }

    [Fact]
    public void Half_open_waits_indefinitely_when_max_wait_is_zero()
    {
        var b = OpenedExample();
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(b.TryAcquire(Now).Permitted);
        Assert.Null(b.NextTransitionAt);
        Assert.Empty(b.Tick(_clock.Advance(TimeSpan.FromDays(3))));
        Assert.Equal(HALF_OPEN, b.State);
    }

    [Fact]
    public void Ignored_errors_are_not_counted_and_return_a_half_open_permit()
    {
        var b = new CircuitBreakerStateMachine(Example());
        for (var i = 0; i < 10; i++) Call(b, CallOutcome.Ignored);
        Assert.Equal(0, b.Metrics.NumberOfBufferedCalls);
        for (var i = 0; i < 5; i++) Call(b, CallOutcome.Failure);
        Assert.Equal(OPEN, b.State);

        _clock.Advance(TimeSpan.FromSeconds(5));
        for (var i = 0; i < 4; i++) Assert.True(b.TryAcquire(Now).Permitted);
        Assert.False(b.TryAcquire(Now).Permitted);
        Assert.Empty(b.OnResult(CallOutcome.Ignored, Fast, Now));
        Assert.True(b.TryAcquire(Now).Permitted); // the ignored call gave its permit back
        Assert.Equal(0, b.Metrics.NumberOfBufferedCalls);
    }

    [Fact]
    public void Forced_open_refuses_everything_until_an_admin_transition()
    {
        var b = new CircuitBreakerStateMachine(Example(automatic: true));
        var t = Assert.Single(b.ForceOpen(Now));
        Assert.Equal((CLOSED, FORCED_OPEN, TransitionReason.ForcedOpen), (t.From, t.To, t.Reason));
        for (var i = 0; i < 3; i++)
        {
            var r = b.TryAcquire(_clock.Advance(TimeSpan.FromMinutes(10)));
            Assert.False(r.Permitted);
            Assert.Null(r.RetryAfter);
        }
        Assert.Empty(b.Tick(Now));
        Assert.Null(b.NextTransitionAt);
        Assert.Equal(3, b.Metrics.NumberOfNotPermittedCalls);
        Assert.Empty(b.ForceOpen(Now)); // already there
        Assert.Equal(CLOSED, Assert.Single(b.Close(Now)).To);
        Assert.Equal(0, b.Metrics.NumberOfNotPermittedCalls);
        Assert.True(b.TryAcquire(Now).Permitted);
    }

    [Fact]
    public void Disabled_permits_everything_and_records_nothing()
    {
        var b = new CircuitBreakerStateMachine(Example());
        Assert.Equal(DISABLED, Assert.Single(b.Disable(Now)).To);
        for (var i = 0; i < 20; i++) Assert.Empty(Call(b, CallOutcome.Failure));
        Assert.Equal(DISABLED, b.State);
        Assert.Equal(0, b.Metrics.NumberOfBufferedCalls);
    }

    [Fact]
    public void Metrics_only_records_but_never_changes_state()
    {
        var b = new CircuitBreakerStateMachine(Example());
        Assert.Equal(METRICS_ONLY, Assert.Single(b.MetricsOnly(Now)).To);
        for (var i = 0; i < 20; i++) Assert.Empty(Call(b, CallOutcome.Failure));
        Assert.Equal(METRICS_ONLY, b.State);
        Assert.Equal((5, 100f), (b.Metrics.NumberOfFailedCalls, b.Metrics.FailureRate));
    }

    [Fact]
    public void Reset_clears_metrics_and_closes_from_any_state()
    {
        var b = OpenedExample();
        b.TryAcquire(Now);
        var t = Assert.Single(b.Reset(Now));
        Assert.Equal((OPEN, CLOSED, TransitionReason.Reset), (t.From, t.To, t.Reason));
        Assert.Equal((0, 0L), (b.Metrics.NumberOfBufferedCalls, b.Metrics.NumberOfNotPermittedCalls));

        Call(b, CallOutcome.Failure);
        Assert.Empty(b.Reset(Now)); // already CLOSED: no transition, but metrics cleared
        Assert.Equal(0, b.Metrics.NumberOfBufferedCalls);
    }

    public static TheoryData<string, CircuitBreakerState> AdminTargets => new()
    {
        { "ForceOpen", FORCED_OPEN }, { "Close", CLOSED }, { "Disable", DISABLED },
        { "MetricsOnly", METRICS_ONLY }, { "HalfOpen", HALF_OPEN }, { "Reset", CLOSED },
    };

    [Theory]
    [MemberData(nameof(AdminTargets))]
    public void Admin_transitions_reach_their_target_from_every_state(string admin, CircuitBreakerState target)
    {
        foreach (var from in Enum.GetValues<CircuitBreakerState>())
        {
            var b = InState(from);
            var transitions = admin switch
            {
                "ForceOpen" => b.ForceOpen(Now), "Close" => b.Close(Now), "Disable" => b.Disable(Now),
                "MetricsOnly" => b.MetricsOnly(Now), "HalfOpen" => b.TransitionToHalfOpen(Now), _ => b.Reset(Now),
            };
            Assert.Equal(target, b.State);
            if (from == target) Assert.Empty(transitions);
            else Assert.Equal((from, target), (Assert.Single(transitions).From, Assert.Single(transitions).To));
        }
    }

    private CircuitBreakerStateMachine InState(CircuitBreakerState state)
    {
        _clock.Set(Start);
        var b = new CircuitBreakerStateMachine(Example());
        switch (state)
        {
            case OPEN: for (var i = 0; i < 5; i++) Call(b, CallOutcome.Failure); break;
            case HALF_OPEN: b.TransitionToHalfOpen(Now); break;
            case DISABLED: b.Disable(Now); break;
            case FORCED_OPEN: b.ForceOpen(Now); break;
            case METRICS_ONLY: b.MetricsOnly(Now); break;
        }
        Assert.Equal(state, b.State);
        return b;
    }

    [Fact]
    public void Late_results_in_open_are_recorded_without_reevaluation()
    {
        var b = OpenedExample();
        Assert.Empty(b.OnResult(CallOutcome.Success, Fast, Now));
        Assert.Equal(OPEN, b.State);
        Assert.Equal(40f, b.Metrics.FailureRate); // F S F S F became S F S F S: the oldest failure left the window
    }

    [Fact]
    public void A_clock_running_backwards_is_clamped()
    {
        var b = OpenedExample();
        var r = b.TryAcquire(Now - TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(5), r.RetryAfter);
    }

    [Fact]
    public void Bad_results_are_rejected_with_codes()
    {
        var b = new CircuitBreakerStateMachine(Example());
        Assert.Equal("BREAKER_DURATION_NEGATIVE",
            Assert.Throws<ResilienceArgumentException>(() => b.OnResult(CallOutcome.Success, TimeSpan.FromSeconds(-1), Now)).Code);
        Assert.Equal("BREAKER_OUTCOME_UNKNOWN",
            Assert.Throws<ResilienceArgumentException>(() => b.OnResult((CallOutcome)9, Fast, Now)).Code);
    }
}
