using CircuitBreaker.Grains.Resilience;
using CircuitBreaker.Llm.Gates;
using Orleans;

namespace CircuitBreaker.Gateway.Api.Llm;

/// <summary>The router's budgets are the budget grains (one per scope), reserved all-or-nothing through <see cref="BudgetReservations"/>.</summary>
public sealed class GrainBudgetGate(IGrainFactory grains) : IBudgetGate
{
    private readonly BudgetReservations _reservations = new(grains);

    /// <inheritdoc />
    public async Task<BudgetHold> ReserveAsync(IReadOnlyList<string> scopes, decimal amount, CancellationToken cancellationToken)
    {
        var r = await _reservations.ReserveAsync(scopes, amount);
        if (r.Allowed) return new BudgetHold(true, null, null, null, null, r.Reservations);
        decimal? remaining = null;
        if (r.RefusedScope is not null) remaining = (await grains.GetGrain<ILlmBudgetGrain>(r.RefusedScope).GetStatus()).Remaining;
        return new BudgetHold(false, r.RefusedScope, r.Code, r.Reason, remaining, []);
    }

    /// <inheritdoc />
    public Task CommitAsync(BudgetHold hold, decimal actual, string provider, string model, long? tokens) =>
        _reservations.CommitAsync(ToMulti(hold), actual, provider, model, tokens);

    /// <inheritdoc />
    public Task ReleaseAsync(BudgetHold hold) => hold.Reservations.Count == 0 ? Task.CompletedTask : _reservations.ReleaseAsync(ToMulti(hold));

    private static MultiScopeReservation ToMulti(BudgetHold hold) => new(true, false, hold.Reservations, null, null, null);
}
