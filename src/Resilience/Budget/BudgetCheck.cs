namespace CircuitBreaker.Resilience.Budget;

/// <summary>A reservation result of one scope.</summary>
/// <param name="Scope">The scope, e.g. <c>project:7</c>.</param>
/// <param name="Result">What that scope answered.</param>
public sealed record ScopedReservation(string Scope, ReserveResult Result);

/// <summary>A granted reservation that must be released on its scope.</summary>
/// <param name="Scope">The scope.</param>
/// <param name="ReservationId">The reservation to release.</param>
public sealed record ReservationToRelease(string Scope, string ReservationId);

/// <summary>Decision over several scopes.</summary>
public sealed record BudgetCheckResult
{
    /// <summary>True when every scope granted.</summary>
    public bool Allowed { get; init; }
    /// <summary>True when allowed but at least one soft-mode scope flagged the reservation as over its limit.</summary>
    public bool Flagged { get; init; }
    /// <summary>When allowed: every scope's reservation, to commit after the call.</summary>
    public IReadOnlyList<ScopedReservation> Granted { get; init; } = [];
    /// <summary>When refused: reservations already granted on other scopes, which must be released.</summary>
    public IReadOnlyList<ReservationToRelease> ToRelease { get; init; } = [];
    /// <summary>The first scope that refused.</summary>
    public string? RefusedScope { get; init; }
    /// <summary>Its refusal code.</summary>
    public string? Code { get; init; }
    /// <summary>Its refusal reason.</summary>
    public string? Reason { get; init; }
}

/// <summary>Combines the reservation results of several scopes: a request needs every scope to grant.</summary>
public static class BudgetCheck
{
    /// <summary>
    /// Decides over the results already obtained (e.g. from several budget grains, in any order). When one scope
    /// refused, every granted reservation is listed for release so no scope keeps a hold for a request that won't run.
    /// </summary>
    public static BudgetCheckResult Combine(IReadOnlyList<ScopedReservation> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var refusal = results.FirstOrDefault(r => !r.Result.Granted);
        if (refusal is null)
            return new BudgetCheckResult
            {
                Allowed = true, Granted = results, Flagged = results.Any(r => r.Result.OverLimit),
            };
        return new BudgetCheckResult
        {
            Allowed = false,
            RefusedScope = refusal.Scope,
            Code = refusal.Result.Code,
            Reason = refusal.Result.Reason,
            ToRelease = results.Where(r => r.Result.Granted && r.Result.ReservationId is not null)
                .Select(r => new ReservationToRelease(r.Scope, r.Result.ReservationId!)).ToList(),
        };
    }

    /// <summary>
    /// Reserves on local ledgers one after the other, stopping at the first refusal and releasing the partial grants
    /// itself. For ledgers living in separate grains, call each grain and use <see cref="Combine"/>.
    /// </summary>
    public static BudgetCheckResult ReserveAll(IReadOnlyList<(string Scope, BudgetLedger Ledger)> scopes,
        decimal amount, DateTimeOffset now, TimeSpan? ttl = null)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var results = new List<ScopedReservation>();
        foreach (var (scope, ledger) in scopes)
        {
            var result = ledger.Reserve(amount, now, ttl);
            results.Add(new ScopedReservation(scope, result));
            if (!result.Granted) break;
        }
        var decision = Combine(results);
        foreach (var release in decision.ToRelease)
            scopes.First(s => s.Scope == release.Scope).Ledger.Release(release.ReservationId);
        return decision;
    }
}
