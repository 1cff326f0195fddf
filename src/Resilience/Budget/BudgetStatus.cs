namespace CircuitBreaker.Resilience.Budget;

/// <summary>Status of a budget scope, with the fields of the seed's <c>budgetStatus</c> query.</summary>
public sealed record BudgetStatus
{
    /// <summary>The scope, e.g. <c>user:42</c>.</summary>
    public string BudgetId { get; init; } = "";
    /// <summary>Limit of the binding period (the one with the highest share used); null when no limit is set.</summary>
    public decimal? Limit { get; init; }
    /// <summary>Spend in the binding period (monthly spend when no limit is set).</summary>
    public decimal Used { get; init; }
    /// <summary>Outstanding reservations.</summary>
    public decimal Reserved { get; init; }
    /// <summary>Used / limit × 100 of the binding period; 0 when no limit is set.</summary>
    public decimal PercentageUsed { get; init; }
    /// <summary>True when any limited period is spent to its limit.</summary>
    public bool IsExhausted { get; init; }
    /// <summary>True when any limited period reached the warning threshold.</summary>
    public bool IsWarning { get; init; }
    /// <summary>Smallest headroom (limit − spent − reserved, floored at 0); null when unlimited.</summary>
    public decimal? Remaining { get; init; }
    /// <summary>One-line summary for people.</summary>
    public string Message { get; init; } = "";
    /// <summary>Spend today (UTC).</summary>
    public decimal DailySpend { get; init; }
    /// <summary>Spend this ISO week (UTC).</summary>
    public decimal WeeklySpend { get; init; }
    /// <summary>Spend this month (UTC).</summary>
    public decimal MonthlySpend { get; init; }
    /// <summary>Configured limits.</summary>
    public BudgetLimits BudgetLimits { get; init; } = new();
    /// <summary>This month's spend per provider and model, largest first.</summary>
    public IReadOnlyList<CostBreakdownEntry> CostBreakdown { get; init; } = [];
    /// <summary>Linear projections to the end of each period.</summary>
    public BudgetProjections Projections { get; init; } = new();
    /// <summary>Enforcement mode.</summary>
    public BudgetEnforcement Enforcement { get; init; }
}

/// <summary>Configured limits (null = unlimited).</summary>
public sealed record BudgetLimits
{
    /// <summary>Daily limit.</summary>
    public decimal? Daily { get; init; }
    /// <summary>Weekly limit.</summary>
    public decimal? Weekly { get; init; }
    /// <summary>Monthly limit.</summary>
    public decimal? Monthly { get; init; }
}

/// <summary>Linear projections: spend so far divided by the elapsed fraction of the period.</summary>
public sealed record BudgetProjections
{
    /// <summary>Projected spend for the whole day.</summary>
    public decimal DailyProjection { get; init; }
    /// <summary>Projected spend for the whole week.</summary>
    public decimal WeeklyProjection { get; init; }
    /// <summary>Projected spend for the whole month.</summary>
    public decimal MonthlyProjection { get; init; }
}
