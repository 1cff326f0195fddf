namespace CircuitBreaker.Resilience.Breaker;

/// <summary>
/// Plain, System.Text.Json-friendly copy of a breaker's full state, so a grain can persist it and restore the
/// breaker exactly after a restart.
/// </summary>
public sealed record CircuitBreakerStateDto
{
    /// <summary>The configuration in force.</summary>
    public CircuitBreakerConfig Config { get; init; } = new();

    /// <summary>Current state.</summary>
    public CircuitBreakerState State { get; init; }

    /// <summary>When the current state was entered (null when never transitioned).</summary>
    public DateTimeOffset? StateEnteredAt { get; init; }

    /// <summary>When OPEN ends and trial calls may start (only meaningful in OPEN).</summary>
    public DateTimeOffset? OpenUntil { get; init; }

    /// <summary>Trial permits still available (only meaningful in HALF_OPEN).</summary>
    public int HalfOpenPermitsLeft { get; init; }

    /// <summary>Calls refused since the current metrics were started.</summary>
    public long NotPermittedCalls { get; init; }

    /// <summary>Latest time seen; earlier times passed later are clamped to it.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Reason of the last transition, if any.</summary>
    public TransitionReason? LastTransitionReason { get; init; }

    /// <summary>Consecutive opens without a close in between (drives exponential backoff); 0 outside OPEN/HALF_OPEN.</summary>
    public int OpenAttempts { get; init; }

    /// <summary>The outcome window currently recording calls.</summary>
    public SlidingWindowDto Window { get; init; } = new();
}

/// <summary>Persisted copy of a sliding window.</summary>
public sealed record SlidingWindowDto
{
    /// <summary>Count-based or time-based.</summary>
    public SlidingWindowType Type { get; init; }

    /// <summary>Calls (count-based) or seconds (time-based).</summary>
    public int Size { get; init; } = 1;

    /// <summary>Calls needed before rates count.</summary>
    public int MinimumCalls { get; init; } = 1;

    /// <summary>Count-based: outcome flags oldest first (bit 0 = failed, bit 1 = slow).</summary>
    public List<int>? Entries { get; init; }

    /// <summary>Time-based: non-empty per-second buckets.</summary>
    public List<TimeBucketDto>? Buckets { get; init; }
}

/// <summary>Counts of one second of a time-based window.</summary>
public sealed record TimeBucketDto
{
    /// <summary>The second (Unix epoch seconds) this bucket holds.</summary>
    public long EpochSecond { get; init; }

    /// <summary>Recorded calls.</summary>
    public int Calls { get; set; }

    /// <summary>Failed calls.</summary>
    public int FailedCalls { get; set; }

    /// <summary>Slow calls.</summary>
    public int SlowCalls { get; set; }

    /// <summary>Slow failed calls.</summary>
    public int SlowFailedCalls { get; set; }
}
