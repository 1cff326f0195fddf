using System.Collections.Concurrent;
using CircuitBreaker.Resilience.Budget;

namespace CircuitBreaker.Llm.Gates;

/// <summary>
/// In-process budgets (one <see cref="BudgetLedger"/> per scope) for a single node, tools and tests; a cluster uses
/// the budget grains. Scopes without a configured limit are unlimited.
/// </summary>
public sealed class LocalBudgetGate(TimeProvider? time = null) : IBudgetGate
{
    private readonly ConcurrentDictionary<string, BudgetLedger> _ledgers = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _order = new();

    /// <summary>Sets the limits of <paramref name="scope"/>.</summary>
    public void SetBudget(string scope, BudgetConfig config)
    {
        var ledger = _ledgers.GetOrAdd(scope, s => new BudgetLedger(s, config, _time.GetUtcNow()));
        lock (ledger) ledger.UpdateConfig(config, _time.GetUtcNow());
    }

    /// <summary>Spend of <paramref name="scope"/> this month.</summary>
    public decimal MonthlySpent(string scope) =>
        _ledgers.TryGetValue(scope, out var l) ? Locked(l, () => l.SpentIn(BudgetPeriodKind.Monthly)) : 0m;

    /// <summary>Outstanding reservations of <paramref name="scope"/>.</summary>
    public decimal Reserved(string scope) => _ledgers.TryGetValue(scope, out var l) ? Locked(l, () => l.Reserved) : 0m;

    /// <inheritdoc />
    public Task<BudgetHold> ReserveAsync(IReadOnlyList<string> scopes, decimal amount, CancellationToken cancellationToken)
    {
        var granted = new List<(string Scope, string ReservationId)>();
        // One reservation across scopes at a time, so that two requests cannot each grab a part.
        lock (_order)
        {
            foreach (var scope in scopes.Distinct(StringComparer.Ordinal))
            {
                if (!_ledgers.TryGetValue(scope, out var ledger)) continue;
                ReserveResult r;
                lock (ledger) r = ledger.Reserve(amount, _time.GetUtcNow());
                if (!r.Granted)
                {
                    foreach (var (s, id) in granted) Locked(_ledgers[s], () => _ledgers[s].Release(id));
                    return Task.FromResult(new BudgetHold(false, scope, r.Code, r.Reason, r.Remaining, []));
                }
                granted.Add((scope, r.ReservationId!));
            }
        }
        return Task.FromResult(new BudgetHold(true, null, null, null, null, granted));
    }

    /// <inheritdoc />
    public Task CommitAsync(BudgetHold hold, decimal actual, string provider, string model, long? tokens)
    {
        foreach (var (scope, id) in hold.Reservations)
        {
            var ledger = _ledgers[scope];
            lock (ledger)
            {
                var r = ledger.Commit(id, actual, provider, model, _time.GetUtcNow(), tokens);
                // A reservation that expired during a long call is still spend.
                if (!r.Recorded) ledger.RecordSpend(actual, provider, model, _time.GetUtcNow(), tokens);
            }
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReleaseAsync(BudgetHold hold)
    {
        foreach (var (scope, id) in hold.Reservations) Locked(_ledgers[scope], () => _ledgers[scope].Release(id));
        return Task.CompletedTask;
    }

    private static T Locked<T>(BudgetLedger ledger, Func<T> read)
    {
        lock (ledger) return read();
    }
}
