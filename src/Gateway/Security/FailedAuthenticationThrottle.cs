using System.Threading.RateLimiting;

namespace CircuitBreaker.Gateway.Security;

/// <summary>
/// Counts failed authentications per client address in fixed windows (System.Threading.RateLimiting's fixed window limiter,
/// one partition per address). Once an address used up its failures, every request from it waits for the window to end,
/// including one with a right key: a guess that happened to be right must look like every other guess.
/// </summary>
public sealed class FailedAuthenticationThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    /// <summary>Allows <paramref name="failures"/> failures per address and <paramref name="window"/>.</summary>
    public FailedAuthenticationThrottle(int failures, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failures);
        Failures = failures;
        Window = window;
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = failures, Window = window, QueueLimit = 0, AutoReplenishment = true }));
    }

    /// <summary>Failures allowed per window.</summary>
    public int Failures { get; }

    /// <summary>The window.</summary>
    public TimeSpan Window { get; }

    /// <summary>How long <paramref name="address"/> has to wait, or null when it may try.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        // Asking for zero permits reports the state without using any.
        using var lease = _failures.AttemptAcquire(address, 0);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : Window;
    }

    /// <summary>Counts a failed authentication from <paramref name="address"/>.</summary>
    public void RecordFailure(string address)
    {
        using var _ = _failures.AttemptAcquire(address, 1);
    }

    /// <inheritdoc />
    public void Dispose() => _failures.Dispose();
}
