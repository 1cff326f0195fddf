using CircuitBreaker.Resilience.Budget;

namespace CircuitBreaker.Grains.Resilience;

/// <summary>Persisted state of an <see cref="LlmBudgetGrain"/>: the ledger's DTO (null before first use).</summary>
public sealed class LlmBudgetGrainState
{
    /// <summary>The ledger, as <see cref="BudgetLedger.ToDto"/> wrote it.</summary>
    public BudgetStateDto? Ledger { get; set; }
}
