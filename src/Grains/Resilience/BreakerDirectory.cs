using CircuitBreaker.Grains.Workflow;
using Orleans;
using Orleans.Runtime;
using CircuitBreaker.Storage;

namespace CircuitBreaker.Grains.Resilience;

/// <summary>
/// The breakers that have stored state, served by the storage's SQL index (never by scanning grains): every
/// <see cref="CircuitBreakerGrain"/> write that changes its state name also replaces its index entry, whose status is
/// that state. A breaker only ever asked about (never configured, used or administered) has no row and is not listed.
/// </summary>
public sealed class BreakerDirectory(IStateStore storage, IGrainFactory grains, ICursorSeal? seal = null)
{
    /// <summary>Stable grain type name of the breaker grain (part of the storage keys).</summary>
    public const string GrainType = "circuit-breaker";

    /// <summary>State name of the breaker grain.</summary>
    public const string StateName = "breaker";

    /// <summary>
    /// A page of breakers, newest first; with <paramref name="state"/> only those whose indexed state is that
    /// (CLOSED, OPEN, HALF_OPEN, DISABLED, FORCED_OPEN, METRICS_ONLY). Views are read from the grains, so they are current.
    /// </summary>
    public async Task<Page<BreakerView>> ListAsync(string? state = null, int first = 100, string? after = null, CancellationToken cancellationToken = default,
        string? tenant = null)
    {
        var page = await storage.QueryIndexAsync(new IndexQuery(GrainType, StateName)
        {
            Status = state,
            First = Math.Clamp(first, 1, 1000),
            After = string.IsNullOrEmpty(after) || seal is null ? after : seal.Open(tenant, after),
        }, cancellationToken);
        var views = await Task.WhenAll(page.Keys.Select(k => grains.GetGrain<ICircuitBreakerGrain>(k).GetState()));
        return new Page<BreakerView>(views, page.EndCursor is null || seal is null ? page.EndCursor : seal.Seal(tenant, page.EndCursor), page.HasNextPage);
    }
}
