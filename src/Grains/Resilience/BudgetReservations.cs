using CircuitBreaker.Resilience.Budget;
using Orleans;
using Orleans.Runtime;

namespace CircuitBreaker.Grains.Resilience;

/// <summary>The outcome of reserving on several scopes: all granted, or none held.</summary>
/// <param name="Allowed">Every scope granted.</param>
/// <param name="Flagged">A soft-enforced scope went over its limit.</param>
/// <param name="Reservations">Per scope, the reservation held (empty when refused: partial grants were released).</param>
/// <param name="RefusedScope">The scope that refused.</param>
/// <param name="Code">Refusal code.</param>
/// <param name="Reason">Refusal reason.</param>
public sealed record MultiScopeReservation(
    bool Allowed, bool Flagged, IReadOnlyList<(string Scope, string ReservationId)> Reservations,
    string? RefusedScope, string? Code, string? Reason);

/// <summary>
/// Reserves one amount on every budget scope a request is charged to (user, project, key …) through the budget
/// grains, one after another; when a scope refuses, the grants already made are released.
/// </summary>
public sealed class BudgetReservations(IGrainFactory grains)
{
    /// <summary>Reserves <paramref name="amount"/> on each of <paramref name="scopes"/> (duplicates ignored).</summary>
    public async Task<MultiScopeReservation> ReserveAsync(IReadOnlyList<string> scopes, decimal amount, double? ttlMs = null)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var results = new List<ScopedReservation>();
        foreach (var scope in scopes.Distinct(StringComparer.Ordinal))
        {
            var r = await grains.GetGrain<ILlmBudgetGrain>(scope).Reserve(amount, ttlMs);
            results.Add(new ScopedReservation(scope, ToResult(r)));
            if (!r.Granted) break;
        }

        var check = BudgetCheck.Combine(results);
        foreach (var release in check.ToRelease)
            await grains.GetGrain<ILlmBudgetGrain>(release.Scope).Release(release.ReservationId);
        return new MultiScopeReservation(
            check.Allowed, check.Flagged,
            check.Allowed ? [.. check.Granted.Select(g => (g.Scope, g.Result.ReservationId!))] : [],
            check.RefusedScope, check.Code, check.Reason);
    }

    /// <summary>Commits the actual cost on every scope of <paramref name="reservation"/>.</summary>
    public async Task CommitAsync(MultiScopeReservation reservation, decimal actual, string provider, string model, long? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        foreach (var (scope, id) in reservation.Reservations)
            await grains.GetGrain<ILlmBudgetGrain>(scope).Commit(id, actual, provider, model, tokens);
    }

    /// <summary>Releases every reservation of <paramref name="reservation"/>.</summary>
    public async Task ReleaseAsync(MultiScopeReservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        foreach (var (scope, id) in reservation.Reservations)
            await grains.GetGrain<ILlmBudgetGrain>(scope).Release(id);
    }

    private static ReserveResult ToResult(BudgetReservation r) => new()
    {
        Granted = r.Granted, ReservationId = r.ReservationId, ExpiresAt = r.ExpiresAt, Remaining = r.Remaining,
        OverLimit = r.OverLimit, Code = r.Code, Reason = r.Reason,
    };
}
