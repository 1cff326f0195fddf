namespace CircuitBreaker.Llm.Gates;

/// <summary>Budgets as the router sees them: reserve on every scope before a call, commit or release after.</summary>
public interface IBudgetGate
{
    /// <summary>Reserves <paramref name="amount"/> on each scope; all granted or none held.</summary>
    Task<BudgetHold> ReserveAsync(IReadOnlyList<string> scopes, decimal amount, CancellationToken cancellationToken);

    /// <summary>Records the actual cost on every scope of <paramref name="hold"/>.</summary>
    Task CommitAsync(BudgetHold hold, decimal actual, string provider, string model, long? tokens);

    /// <summary>Gives the reservations of <paramref name="hold"/> back.</summary>
    Task ReleaseAsync(BudgetHold hold);
}

/// <summary>Outcome of <see cref="IBudgetGate.ReserveAsync"/>.</summary>
/// <param name="Allowed">Every scope granted.</param>
/// <param name="RefusedScope">The scope that refused.</param>
/// <param name="Code">Refusal code from the budget.</param>
/// <param name="Reason">Refusal reason.</param>
/// <param name="Remaining">What the refusing scope has left.</param>
/// <param name="Reservations">Scope and reservation id per granted scope.</param>
public sealed record BudgetHold(bool Allowed, string? RefusedScope, string? Code, string? Reason, decimal? Remaining,
    IReadOnlyList<(string Scope, string ReservationId)> Reservations)
{
    /// <summary>A hold over no scopes (nothing to charge).</summary>
    public static BudgetHold None { get; } = new(true, null, null, null, null, []);
}
