using System.Diagnostics.Metrics;
using CircuitBreaker.Grains.Resilience;
using CircuitBreaker.Grains.Workflow;
using CircuitBreaker.Storage;
using Microsoft.Extensions.Logging;

namespace CircuitBreaker.Grains.Telemetry;

/// <summary>
/// Gauges read from storage, so they are right on every host of a cluster, whichever silo a grain lives on, and after
/// restarts: <c>cb_tokens</c> (tokens by tenant, workflow and status, one grouped count over the token index) and
/// <c>cb_breaker_state</c> (each circuit breaker's state as a number, from the breaker index, whose status is the state).
/// A scrape never waits for the database: it reports the last snapshot and, when that is older than the refresh interval,
/// starts one refresh in the background (so the first scrape after start reports nothing yet). Every host reports the
/// same cluster-wide values: aggregate with <c>max</c>, not <c>sum</c>.
/// </summary>
public sealed class StoreGauges : IDisposable
{
    /// <summary>Default longest age of a snapshot before a scrape refreshes it.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(15);

    /// <summary>Most breakers reported (breakers are per provider or model, so far fewer exist).</summary>
    public const int MaxBreakers = 1000;

    private readonly IStateStore _store;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeProvider _clock;
    private readonly ILogger? _logger;
    private readonly Meter _meter = new(ProductMeter.Name);
    private Snapshot _last = new([], [], DateTimeOffset.MinValue);
    private int _refreshing;

    /// <summary>Creates the gauges over <paramref name="store"/>.</summary>
    public StoreGauges(IStateStore store, TimeSpan? refreshInterval = null, TimeProvider? clock = null, ILogger<StoreGauges>? logger = null)
    {
        _store = store;
        _refreshInterval = refreshInterval ?? DefaultRefreshInterval;
        _clock = clock ?? TimeProvider.System;
        _logger = logger;
        _meter.CreateObservableGauge("cb.tokens", ObserveTokens, "{token}", "Tokens by tenant, workflow and status (from storage, refreshed in the background).");
        _meter.CreateObservableGauge("cb.breaker.state", ObserveBreakers, "{state}",
            "Circuit breaker state by breaker: 0 CLOSED, 1 OPEN, 2 HALF_OPEN, 3 DISABLED, 4 FORCED_OPEN, 5 METRICS_ONLY (from storage).");
    }

    /// <summary>Reads both snapshots now (also what a stale scrape starts in the background).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var tokens = await _store.CountIndexAsync(WorkflowGrainTypes.Token, WorkflowGrainTypes.StateName, cancellationToken).ConfigureAwait(false);
        var breakers = await _store.ReadIndexStatusesAsync(BreakerDirectory.GrainType, BreakerDirectory.StateName, MaxBreakers, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _last, new Snapshot(tokens, breakers, _clock.GetUtcNow()));
    }

    private Snapshot Current()
    {
        var last = Volatile.Read(ref _last);
        if (_clock.GetUtcNow() - last.TakenAt >= _refreshInterval && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
            _ = Task.Run(async () =>
            {
                try { await RefreshAsync().ConfigureAwait(false); }
                catch (Exception e) { _logger?.LogWarning(e, "reading the token and breaker gauges from storage failed"); }
                finally { Volatile.Write(ref _refreshing, 0); }
            });
        return last;
    }

    private IEnumerable<Measurement<long>> ObserveTokens()
    {
        foreach (var count in Current().Tokens)
        {
            // The index partition is the workflow's grain key: "<tenant>/<workflow>" or, without tenant, the workflow id
            // (ids never contain '/').
            var slash = count.Partition.IndexOf('/', StringComparison.Ordinal);
            yield return slash < 0
                ? new Measurement<long>(count.Count, new("workflow", count.Partition), new("status", count.Status))
                : new Measurement<long>(count.Count, new("tenant", count.Partition[..slash]), new("workflow", count.Partition[(slash + 1)..]), new("status", count.Status));
        }
    }

    private IEnumerable<Measurement<int>> ObserveBreakers()
    {
        foreach (var breaker in Current().Breakers)
            if (Enum.TryParse<CircuitBreaker.Resilience.Breaker.CircuitBreakerState>(breaker.Status, out var state))
                yield return new Measurement<int>((int)state, new KeyValuePair<string, object?>("breaker", breaker.Key));
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private sealed record Snapshot(IReadOnlyList<IndexCount> Tokens, IReadOnlyList<IndexStatus> Breakers, DateTimeOffset TakenAt);
}
