namespace CircuitBreaker.Resilience.Budget;

/// <summary>Plain, System.Text.Json-friendly copy of a budget ledger, restored exactly by <see cref="BudgetLedger.Restore"/>.</summary>
public sealed record BudgetStateDto
{
    /// <summary>The scope.</summary>
    public string BudgetId { get; init; } = "";
    /// <summary>Limits and policy.</summary>
    public BudgetConfig Config { get; init; } = new();
    /// <summary>One entry per period kind.</summary>
    public List<BudgetPeriodDto> Periods { get; init; } = [];
    /// <summary>Outstanding reservations.</summary>
    public List<ReservationDto> Reservations { get; init; } = [];
    /// <summary>Sequence for the next reservation id.</summary>
    public long NextReservationSequence { get; init; }
    /// <summary>Latest time seen; earlier times are clamped to it.</summary>
    public DateTimeOffset? LastSeen { get; init; }
}

/// <summary>Spend and alert flags of the current period of one kind.</summary>
public sealed record BudgetPeriodDto
{
    /// <summary>Period kind.</summary>
    public BudgetPeriodKind Kind { get; init; }
    /// <summary>Start of the current period.</summary>
    public DateTimeOffset Start { get; init; }
    /// <summary>Committed spend.</summary>
    public decimal Spent { get; init; }
    /// <summary>Committed requests.</summary>
    public long RequestCount { get; init; }
    /// <summary>Whether the warning alert fired in this period.</summary>
    public bool WarningAlerted { get; init; }
    /// <summary>Whether the limit alert fired in this period.</summary>
    public bool LimitAlerted { get; init; }
    /// <summary>Spend per provider and model.</summary>
    public List<CostBreakdownEntry> Breakdown { get; init; } = [];
}

/// <summary>An outstanding reservation.</summary>
public sealed record ReservationDto
{
    /// <summary>Reservation id.</summary>
    public string Id { get; init; } = "";
    /// <summary>Amount held.</summary>
    public decimal Amount { get; init; }
    /// <summary>When it was made.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it lapses.</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}
