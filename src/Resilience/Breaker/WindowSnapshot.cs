namespace CircuitBreaker.Resilience.Breaker;

/// <summary>Aggregated call counts of a sliding window at one moment.</summary>
/// <param name="Calls">Recorded calls (successes and failures; ignored errors are not recorded).</param>
/// <param name="FailedCalls">Calls that failed.</param>
/// <param name="SlowCalls">Calls slower than the slow-call threshold, failed or not.</param>
/// <param name="SlowFailedCalls">Slow calls that also failed.</param>
public readonly record struct WindowSnapshot(int Calls, int FailedCalls, int SlowCalls, int SlowFailedCalls)
{
    /// <summary>Failure rate in percent, or -1 when fewer than <paramref name="minimumCalls"/> calls are recorded.</summary>
    public float FailureRate(int minimumCalls) =>
        Calls == 0 || Calls < minimumCalls ? -1f : FailedCalls * 100f / Calls;

    /// <summary>Slow call rate in percent, or -1 when fewer than <paramref name="minimumCalls"/> calls are recorded.</summary>
    public float SlowCallRate(int minimumCalls) =>
        Calls == 0 || Calls < minimumCalls ? -1f : SlowCalls * 100f / Calls;
}
