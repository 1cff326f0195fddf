namespace CircuitBreaker.Resilience.Breaker;

/// <summary>
/// A circuit breaker with resilience4j's semantics as a pure state machine: no I/O, no clock of its own.
/// Every operation takes the current time, so the owner (a grain) injects its clock and persists
/// <see cref="ToDto"/> after each change. Not thread-safe: the owner serializes calls (grains are turn-based).
/// </summary>
public sealed class CircuitBreakerStateMachine
{
    private static readonly IReadOnlyList<BreakerTransition> NoTransitions = [];

    private OutcomeWindow _window;
    private DateTimeOffset? _stateEnteredAt;
    private DateTimeOffset? _openUntil;
    private int _halfOpenPermitsLeft;
    private long _notPermitted;
    private DateTimeOffset? _lastSeen;
    private TransitionReason? _lastReason;
    private int _openAttempts;

    /// <summary>Creates a CLOSED breaker; throws <see cref="ResilienceConfigException"/> when the config is invalid.</summary>
    public CircuitBreakerStateMachine(CircuitBreakerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.EnsureValid();
        Config = config;
        State = CircuitBreakerState.CLOSED;
        _window = NewClosedWindow();
    }

    /// <summary>The configuration in force.</summary>
    public CircuitBreakerConfig Config { get; private set; }

    /// <summary>Current state (time-driven changes happen only inside TryAcquire, OnResult and Tick).</summary>
    public CircuitBreakerState State { get; private set; }

    /// <summary>
    /// When <see cref="Tick"/> will next change the state by itself (OPEN to HALF_OPEN when automatic transition is
    /// enabled, HALF_OPEN to OPEN when a maximum half-open wait is set); null when nothing is due. A grain schedules a
    /// timer or reminder at this moment.
    /// </summary>
    public DateTimeOffset? NextTransitionAt => State switch
    {
        CircuitBreakerState.OPEN when Config.AutomaticTransitionFromOpenToHalfOpenEnabled => _openUntil,
        CircuitBreakerState.HALF_OPEN when Config.MaxWaitDurationInHalfOpenState > TimeSpan.Zero =>
            _stateEnteredAt + Config.MaxWaitDurationInHalfOpenState,
        _ => null,
    };

    /// <summary>Metrics as of the latest time the breaker has seen.</summary>
    public BreakerMetrics Metrics => GetMetrics(_lastSeen ?? DateTimeOffset.UnixEpoch);

    /// <summary>Metrics as seen at <paramref name="now"/> (a time-based window drops seconds that have left it).</summary>
    public BreakerMetrics GetMetrics(DateTimeOffset now)
    {
        var seen = _lastSeen is { } last && last > now ? last : now;
        var snapshot = _window.Snapshot(seen.ToUnixTimeSeconds());
        return new BreakerMetrics
        {
            State = State,
            FailureRate = snapshot.FailureRate(_window.MinimumCalls),
            SlowCallRate = snapshot.SlowCallRate(_window.MinimumCalls),
            NumberOfBufferedCalls = snapshot.Calls,
            NumberOfFailedCalls = snapshot.FailedCalls,
            NumberOfSuccessfulCalls = snapshot.Calls - snapshot.FailedCalls,
            NumberOfSlowCalls = snapshot.SlowCalls,
            NumberOfSlowFailedCalls = snapshot.SlowFailedCalls,
            NumberOfSlowSuccessfulCalls = snapshot.SlowCalls - snapshot.SlowFailedCalls,
            NumberOfNotPermittedCalls = _notPermitted,
            LastTransitionAt = _stateEnteredAt,
            LastTransitionReason = _lastReason,
        };
    }

    /// <summary>
    /// Asks to make a call. When permitted the caller must report the call with <see cref="OnResult"/>; in HALF_OPEN
    /// each permit is one of the limited trial calls. An OPEN breaker whose wait has elapsed moves to HALF_OPEN here.
    /// </summary>
    public AcquireResult TryAcquire(DateTimeOffset now)
    {
        now = Observe(now);
        var transitions = new List<BreakerTransition>();
        AdvanceTime(now, acquiring: true, transitions);
        switch (State)
        {
            case CircuitBreakerState.CLOSED or CircuitBreakerState.DISABLED or CircuitBreakerState.METRICS_ONLY:
                return new AcquireResult(true, null, State, transitions);
            case CircuitBreakerState.HALF_OPEN when _halfOpenPermitsLeft > 0:
                _halfOpenPermitsLeft--;
                return new AcquireResult(true, null, State, transitions);
            case CircuitBreakerState.OPEN:
                _notPermitted++;
                var wait = _openUntil!.Value - now;
                return new AcquireResult(false, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, State, transitions);
            default:
                // FORCED_OPEN waits for an admin; HALF_OPEN waits for the trial calls: neither has a known end.
                _notPermitted++;
                return new AcquireResult(false, null, State, transitions);
        }
    }

    /// <summary>
    /// Reports a finished call. Failures and successes are recorded (a call longer than the slow-call threshold is
    /// also slow); ignored errors are not recorded and give a HALF_OPEN trial permit back. Returns the transitions
    /// caused (CLOSED to OPEN, HALF_OPEN to CLOSED or OPEN).
    /// </summary>
    public IReadOnlyList<BreakerTransition> OnResult(CallOutcome outcome, TimeSpan duration, DateTimeOffset now)
    {
        if (!Enum.IsDefined(outcome))
            throw new ResilienceArgumentException("BREAKER_OUTCOME_UNKNOWN", $"Unknown call outcome {(int)outcome}.");
        if (duration < TimeSpan.Zero)
            throw new ResilienceArgumentException("BREAKER_DURATION_NEGATIVE", $"Call duration must not be negative, got {duration}.");
        now = Observe(now);
        var transitions = new List<BreakerTransition>();
        AdvanceTime(now, acquiring: false, transitions);
        if (State is CircuitBreakerState.DISABLED or CircuitBreakerState.FORCED_OPEN) return transitions;
        if (outcome == CallOutcome.Ignored)
        {
            if (State == CircuitBreakerState.HALF_OPEN)
                _halfOpenPermitsLeft = Math.Min(_halfOpenPermitsLeft + 1, Config.PermittedNumberOfCallsInHalfOpenState);
            return transitions;
        }

        _window.Record(outcome == CallOutcome.Failure, duration > Config.SlowCallDurationThreshold, now.ToUnixTimeSeconds());
        var (exceeded, failureRate, slowRate) = Evaluate(now);
        if (State == CircuitBreakerState.CLOSED && exceeded is { } reason)
            TransitionTo(CircuitBreakerState.OPEN, now, reason, transitions, failureRate, slowRate);
        else if (State == CircuitBreakerState.HALF_OPEN && failureRate >= 0 && slowRate >= 0)
        {
            if (exceeded is { } halfOpenReason)
                TransitionTo(CircuitBreakerState.OPEN, now, halfOpenReason, transitions, failureRate, slowRate);
            else
                TransitionTo(CircuitBreakerState.CLOSED, now, TransitionReason.TrialCallsSucceeded, transitions, failureRate, slowRate);
        }
        // OPEN records late results of calls permitted before it opened, but never re-evaluates; METRICS_ONLY never moves.
        return transitions;
    }

    /// <summary>Applies the time-driven transitions that are due at <paramref name="now"/> (see <see cref="NextTransitionAt"/>).</summary>
    public IReadOnlyList<BreakerTransition> Tick(DateTimeOffset now)
    {
        now = Observe(now);
        var transitions = new List<BreakerTransition>();
        AdvanceTime(now, acquiring: false, transitions);
        return transitions;
    }

    /// <summary>Admin: FORCED_OPEN, refusing every call until another admin transition. Metrics restart.</summary>
    public IReadOnlyList<BreakerTransition> ForceOpen(DateTimeOffset now) =>
        Admin(CircuitBreakerState.FORCED_OPEN, TransitionReason.ForcedOpen, now);

    /// <summary>Admin: CLOSED with fresh metrics (no change when already CLOSED).</summary>
    public IReadOnlyList<BreakerTransition> Close(DateTimeOffset now) =>
        Admin(CircuitBreakerState.CLOSED, TransitionReason.ManualClose, now);

    /// <summary>Admin: DISABLED, permitting every call and recording nothing.</summary>
    public IReadOnlyList<BreakerTransition> Disable(DateTimeOffset now) =>
        Admin(CircuitBreakerState.DISABLED, TransitionReason.Disabled, now);

    /// <summary>Admin: METRICS_ONLY, permitting every call and recording outcomes without ever changing state.</summary>
    public IReadOnlyList<BreakerTransition> MetricsOnly(DateTimeOffset now) =>
        Admin(CircuitBreakerState.METRICS_ONLY, TransitionReason.MetricsOnly, now);

    /// <summary>Admin: HALF_OPEN now, with a fresh set of trial permits.</summary>
    public IReadOnlyList<BreakerTransition> TransitionToHalfOpen(DateTimeOffset now) =>
        Admin(CircuitBreakerState.HALF_OPEN, TransitionReason.ManualHalfOpen, now);

    /// <summary>Admin: clears all metrics (including refused calls) and returns to CLOSED.</summary>
    public IReadOnlyList<BreakerTransition> Reset(DateTimeOffset now)
    {
        now = Observe(now);
        var transitions = new List<BreakerTransition>();
        if (State != CircuitBreakerState.CLOSED)
            TransitionTo(CircuitBreakerState.CLOSED, now, TransitionReason.Reset, transitions);
        _window = NewClosedWindow();
        _notPermitted = 0;
        return transitions;
    }

    /// <summary>
    /// Admin: replaces the configuration, keeping the state. Thresholds apply from the next recorded call; a changed
    /// window (type, size or minimum calls) restarts the metrics; a changed number of half-open permits restarts the
    /// trial in HALF_OPEN; a running OPEN wait keeps its end. Throws <see cref="ResilienceConfigException"/> when invalid.
    /// </summary>
    public void Reconfigure(CircuitBreakerConfig config, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.EnsureValid();
        Observe(now);
        var old = Config;
        Config = config;
        var windowChanged = old.SlidingWindowType != config.SlidingWindowType
            || old.SlidingWindowSize != config.SlidingWindowSize
            || old.EffectiveMinimumNumberOfCalls != config.EffectiveMinimumNumberOfCalls;
        var permitsChanged = old.PermittedNumberOfCallsInHalfOpenState != config.PermittedNumberOfCallsInHalfOpenState;
        if (State == CircuitBreakerState.HALF_OPEN && permitsChanged)
        {
            var permits = config.PermittedNumberOfCallsInHalfOpenState;
            _window = new CountOutcomeWindow(permits, permits);
            _halfOpenPermitsLeft = permits;
        }
        else if (State != CircuitBreakerState.HALF_OPEN && windowChanged)
            _window = NewClosedWindow();
    }

    /// <summary>Plain copy of the full state for persistence.</summary>
    public CircuitBreakerStateDto ToDto() => new()
    {
        Config = Config,
        State = State,
        StateEnteredAt = _stateEnteredAt,
        OpenUntil = _openUntil,
        HalfOpenPermitsLeft = _halfOpenPermitsLeft,
        NotPermittedCalls = _notPermitted,
        LastSeen = _lastSeen,
        LastTransitionReason = _lastReason,
        OpenAttempts = _openAttempts,
        Window = _window.ToDto(),
    };

    /// <summary>
    /// Rebuilds a breaker from <see cref="ToDto"/>'s output; it then behaves exactly as the original.
    /// Throws <see cref="ResilienceConfigException"/> when the copy is inconsistent.
    /// </summary>
    public static CircuitBreakerStateMachine Restore(CircuitBreakerStateDto dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        var breaker = new CircuitBreakerStateMachine(dto.Config ?? throw new ResilienceConfigException(
            [new("BREAKER_STATE_CONFIG_MISSING", "Persisted breaker state has no config.")]));
        var errors = new List<ConfigError>();
        if (!Enum.IsDefined(dto.State))
            errors.Add(new("BREAKER_STATE_UNKNOWN", $"Unknown breaker state {(int)dto.State}."));
        if (dto.State == CircuitBreakerState.OPEN && dto.OpenUntil is null)
            errors.Add(new("BREAKER_STATE_OPEN_UNTIL_MISSING", "An OPEN breaker needs openUntil."));
        if (dto.State == CircuitBreakerState.HALF_OPEN && dto.StateEnteredAt is null)
            errors.Add(new("BREAKER_STATE_ENTERED_AT_MISSING", "A HALF_OPEN breaker needs stateEnteredAt."));
        if (dto.HalfOpenPermitsLeft < 0 || dto.HalfOpenPermitsLeft > dto.Config.PermittedNumberOfCallsInHalfOpenState)
            errors.Add(new("BREAKER_STATE_PERMITS_OUT_OF_RANGE",
                $"halfOpenPermitsLeft must be in 0..{dto.Config.PermittedNumberOfCallsInHalfOpenState}, got {dto.HalfOpenPermitsLeft}."));
        if (dto.NotPermittedCalls < 0)
            errors.Add(new("BREAKER_STATE_NOT_PERMITTED_NEGATIVE", "notPermittedCalls must not be negative."));
        if (dto.OpenAttempts < 0)
            errors.Add(new("BREAKER_STATE_OPEN_ATTEMPTS_NEGATIVE", "openAttempts must not be negative."));
        if (dto.Window is null)
            errors.Add(new("BREAKER_STATE_WINDOW_MISSING", "Persisted breaker state has no window."));
        if (errors.Count > 0) throw new ResilienceConfigException(errors);

        breaker.State = dto.State;
        breaker._stateEnteredAt = dto.StateEnteredAt;
        breaker._openUntil = dto.OpenUntil;
        breaker._halfOpenPermitsLeft = dto.HalfOpenPermitsLeft;
        breaker._notPermitted = dto.NotPermittedCalls;
        breaker._lastSeen = dto.LastSeen;
        breaker._lastReason = dto.LastTransitionReason;
        breaker._openAttempts = dto.OpenAttempts;
        breaker._window = OutcomeWindow.FromDto(dto.Window!);
        return breaker;
    }

    // Silos' clocks differ slightly; a time earlier than one already seen is clamped so windows never run backwards.
    private DateTimeOffset Observe(DateTimeOffset now)
    {
        if (_lastSeen is { } last && now < last) return last;
        _lastSeen = now;
        return now;
    }

    private void AdvanceTime(DateTimeOffset now, bool acquiring, List<BreakerTransition> transitions)
    {
        if (State == CircuitBreakerState.HALF_OPEN && Config.MaxWaitDurationInHalfOpenState > TimeSpan.Zero
            && now >= _stateEnteredAt + Config.MaxWaitDurationInHalfOpenState)
            TransitionTo(CircuitBreakerState.OPEN, now, TransitionReason.HalfOpenMaxWaitElapsed, transitions);
        if (State == CircuitBreakerState.OPEN && now >= _openUntil
            && (acquiring || Config.AutomaticTransitionFromOpenToHalfOpenEnabled))
            TransitionTo(CircuitBreakerState.HALF_OPEN, now, TransitionReason.WaitDurationElapsed, transitions);
    }

    private (TransitionReason? Exceeded, float FailureRate, float SlowRate) Evaluate(DateTimeOffset now)
    {
        var snapshot = _window.Snapshot(now.ToUnixTimeSeconds());
        var failureRate = snapshot.FailureRate(_window.MinimumCalls);
        var slowRate = snapshot.SlowCallRate(_window.MinimumCalls);
        if (failureRate < 0 || slowRate < 0) return (null, failureRate, slowRate);
        var failing = failureRate >= Config.FailureRateThreshold;
        var slow = slowRate >= Config.SlowCallRateThreshold;
        TransitionReason? reason = (failing, slow) switch
        {
            (true, true) => TransitionReason.FailureAndSlowCallRatesExceeded,
            (true, false) => TransitionReason.FailureRateExceeded,
            (false, true) => TransitionReason.SlowCallRateExceeded,
            _ => null,
        };
        return (reason, failureRate, slowRate);
    }

    private IReadOnlyList<BreakerTransition> Admin(CircuitBreakerState target, TransitionReason reason, DateTimeOffset now)
    {
        now = Observe(now);
        if (State == target) return NoTransitions;
        var transitions = new List<BreakerTransition>();
        TransitionTo(target, now, reason, transitions);
        return transitions;
    }

    private void TransitionTo(CircuitBreakerState target, DateTimeOffset now, TransitionReason reason,
        List<BreakerTransition> transitions, float failureRate = -1f, float slowRate = -1f)
    {
        var from = State;
        State = target;
        _stateEnteredAt = now;
        _lastReason = reason;
        _openUntil = null;
        _halfOpenPermitsLeft = 0;
        switch (target)
        {
            case CircuitBreakerState.OPEN:
                // OPEN keeps the metrics that made it open, as resilience4j does.
                // Consecutive opens (re-opens from HALF_OPEN) back off; any other way into OPEN starts over.
                _openAttempts = from == CircuitBreakerState.HALF_OPEN ? _openAttempts + 1 : 1;
                _openUntil = now + Config.WaitDurationForAttempt(_openAttempts);
                break;
            case CircuitBreakerState.HALF_OPEN:
                var permits = Config.PermittedNumberOfCallsInHalfOpenState;
                _window = new CountOutcomeWindow(permits, permits);
                _halfOpenPermitsLeft = permits;
                _notPermitted = 0;
                break;
            default:
                _window = NewClosedWindow();
                _notPermitted = 0;
                _openAttempts = 0;
                break;
        }
        transitions.Add(new BreakerTransition(from, target, now, reason, failureRate, slowRate));
    }

    private OutcomeWindow NewClosedWindow() => Config.SlidingWindowType == SlidingWindowType.TIME_BASED
        ? new TimeOutcomeWindow(Config.SlidingWindowSize, Config.EffectiveMinimumNumberOfCalls)
        : new CountOutcomeWindow(Config.SlidingWindowSize, Config.EffectiveMinimumNumberOfCalls);
}
