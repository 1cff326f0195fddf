using Orleans.Concurrency;

namespace CircuitBreaker.Grains.Resilience;

/// <summary>
/// The LLM spending budget of one scope (key <c>user:{id}</c>, <c>project:{id}</c>, <c>team:{id}</c>, <c>key:{id}</c>).
/// Reserve/commit/release are persisted before they answer; alerts go to stream namespace <c>budget</c> and every
/// commit and limit change to <c>budget-updates</c> (<see cref="ResilienceStreams"/>), key = scope.
/// </summary>
public interface ILlmBudgetGrain : IGrainWithStringKey
{
    /// <summary>Sets the limit of one period (<c>daily</c>, <c>weekly</c>, <c>monthly</c>); other periods keep theirs.</summary>
    Task<BudgetStatusView> SetBudget(decimal? limit, string period, decimal? warningThreshold = null, string? enforcement = null);

    /// <summary>Holds <paramref name="amount"/> until committed, released or expired (<paramref name="ttlMs"/>, default 5 min).</summary>
    Task<BudgetReservation> Reserve(decimal amount, double? ttlMs = null);

    /// <summary>Records the actual cost of a reservation; a reservation no longer outstanding records nothing.</summary>
    Task<BudgetCommit> Commit(string reservationId, decimal actual, string provider, string model, long? tokens = null);

    /// <summary>Gives a reservation back; false when it no longer exists.</summary>
    Task<bool> Release(string reservationId);

    /// <summary>The seed's budget status.</summary>
    [ReadOnly]
    Task<BudgetStatusView> GetStatus();
}

/// <summary>Answer to <see cref="ILlmBudgetGrain.Reserve"/>.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.BudgetReservation")]
public sealed record BudgetReservation(string? ReservationId, bool Granted, decimal? Remaining, string? Code, string? Reason, bool OverLimit, DateTimeOffset? ExpiresAt);

/// <summary>Answer to <see cref="ILlmBudgetGrain.Commit"/>.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.BudgetCommit")]
public sealed record BudgetCommit(bool Recorded, string? Code, string? Message, bool ExceededLimit, decimal? Remaining);

/// <summary>An alert published on stream namespace <c>budget</c> (once per period and kind).</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.BudgetAlertEvent")]
public sealed record BudgetAlertEvent(string Scope, string Kind, string Period, DateTimeOffset PeriodStart, decimal Limit, decimal Spent, DateTimeOffset At);

/// <summary>
/// A change of a scope's spend or limits, published on stream namespace <c>budget-updates</c> after it is stored:
/// every recorded commit (<see cref="Kind"/> <c>commit</c>) and every limit change (<c>limits</c>).
/// </summary>
/// <param name="Scope">The budget scope.</param>
/// <param name="Kind"><c>commit</c> or <c>limits</c>.</param>
/// <param name="Provider">Provider of the committed cost (null for <c>limits</c>).</param>
/// <param name="Model">Model of the committed cost (null for <c>limits</c>).</param>
/// <param name="Cost">The committed cost (null for <c>limits</c>).</param>
/// <param name="Status">The scope's status right after the change.</param>
/// <param name="Alerts">Alerts the change fired (also published on <c>budget</c>).</param>
/// <param name="At">When the change happened.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.BudgetUpdateEvent")]
public sealed record BudgetUpdateEvent(string Scope, string Kind, string? Provider, string? Model, decimal? Cost,
    BudgetStatusView Status, IReadOnlyList<BudgetAlertEvent> Alerts, DateTimeOffset At);

/// <summary>Limits per period (null = unlimited).</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.BudgetLimitsView")]
public sealed record BudgetLimitsView(decimal? Daily, decimal? Weekly, decimal? Monthly);

/// <summary>Spend projected to the end of each period.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.BudgetProjectionsView")]
public sealed record BudgetProjectionsView(decimal DailyProjection, decimal WeeklyProjection, decimal MonthlyProjection);

/// <summary>This month's cost of one provider/model.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.CostBreakdownView")]
public sealed record CostBreakdownView(string Provider, string Model, decimal TotalCost, long RequestCount, long? Tokens);

/// <summary>The seed's <c>budgetStatus</c> fields plus weekly spend, reserved amount and enforcement.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.BudgetStatusView")]
public sealed record BudgetStatusView
{
    /// <summary>Scope.</summary>
    public string BudgetId { get; init; } = "";
    /// <summary>Limit of the binding period.</summary>
    public decimal? Limit { get; init; }
    /// <summary>Spend of the binding period.</summary>
    public decimal Used { get; init; }
    /// <summary>Outstanding reservations.</summary>
    public decimal Reserved { get; init; }
    /// <summary>Used ÷ limit of the binding period.</summary>
    public decimal PercentageUsed { get; init; }
    /// <summary>Some limited period is at its limit.</summary>
    public bool IsExhausted { get; init; }
    /// <summary>Some limited period is at its warning level.</summary>
    public bool IsWarning { get; init; }
    /// <summary>Smallest amount left over the limited periods.</summary>
    public decimal? Remaining { get; init; }
    /// <summary>Human-readable summary.</summary>
    public string Message { get; init; } = "";
    /// <summary>Spend today (UTC).</summary>
    public decimal DailySpend { get; init; }
    /// <summary>Spend this ISO week.</summary>
    public decimal WeeklySpend { get; init; }
    /// <summary>Spend this month.</summary>
    public decimal MonthlySpend { get; init; }
    /// <summary>Limits.</summary>
    public BudgetLimitsView BudgetLimits { get; init; } = new(null, null, null);
    /// <summary>This month's cost per provider/model.</summary>
    public IReadOnlyList<CostBreakdownView> CostBreakdown { get; init; } = [];
    /// <summary>Projections.</summary>
    public BudgetProjectionsView Projections { get; init; } = new(0, 0, 0);
    /// <summary><c>Hard</c> or <c>Soft</c>.</summary>
    public string Enforcement { get; init; } = "Hard";
    /// <summary>Warning threshold (fraction of a limit).</summary>
    public decimal WarningThreshold { get; init; }
}
