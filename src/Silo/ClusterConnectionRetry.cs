using Microsoft.Extensions.Logging;
using Orleans;

namespace CircuitBreaker.Silo;

/// <summary>
/// Keeps an Orleans client (a gateway in client mode) trying to reach its cluster, with a backoff from 0.5 s doubling
/// to 5 s, and says by name which cluster it is waiting for.
/// </summary>
public sealed class ClusterConnectionRetry(string clusterId, ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private int _attempt;

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based).</summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(5000, 500 * Math.Pow(2, Math.Clamp(attempt - 1, 0, 10))));

    /// <inheritdoc />
    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempt);
        var delay = Backoff(attempt);
        logger.LogWarning("no live silo of cluster '{ClusterId}' answered (attempt {Attempt}: {Error}); retrying in {Delay} s",
            clusterId, attempt, exception.Message, delay.TotalSeconds);
        await Task.Delay(delay, cancellationToken);
        return true;
    }
}
