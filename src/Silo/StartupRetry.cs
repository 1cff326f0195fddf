using Microsoft.Extensions.Logging;

namespace CircuitBreaker.Silo;

/// <summary>
/// Runs start-up work that needs the cluster: a gateway in client mode may start before any silo answers, so the work is
/// retried once a second for a minute, then given up with the reason logged (the process keeps serving).
/// </summary>
public static class StartupRetry
{
    /// <summary>Attempts before giving up.</summary>
    public const int MaxAttempts = 60;

    /// <summary>Runs <paramref name="work"/> until it succeeds, <paramref name="stopping"/> fires or the attempts run out.</summary>
    public static async Task RunAsync(string what, Func<CancellationToken, Task> work, ILogger logger, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(logger);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await work(stopping);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (attempt < MaxAttempts)
            {
                if (attempt == 1) logger.LogWarning("{What} failed ({Message}); retrying", what, ex.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(1), stopping); }
                catch (OperationCanceledException) { return; }
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "{What} failed", what);
                return;
            }
        }
    }
}
