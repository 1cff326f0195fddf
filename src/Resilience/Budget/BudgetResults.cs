using System.Text.Json.Serialization;

namespace CircuitBreaker.Resilience.Budget;

/// <summary>Kind of budget alert.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BudgetAlertKind>))]
public enum BudgetAlertKind
{
    /// <summary>Spend reached the warning threshold of a limit.</summary>
    Warning,
    /// <summary>Spend reached the limit.</summary>
    LimitReached,
}

/// <summary>An alert, produced at most once per kind, period kind and period.</summary>
/// <param name="BudgetId">The scope.</param>
/// <param name="Kind">Warning or limit reached.</param>
/// <param name="Period">The period whose limit is concerned.</param>
/// <param name="PeriodStart">Start of that period.</param>
/// <param name="Limit">The limit.</param>
/// <param name="Spent">Spend in the period when the alert fired.</param>
/// <param name="At">When it fired.</param>
public sealed record BudgetAlert(
    string BudgetId, BudgetAlertKind Kind, BudgetPeriodKind Period, DateTimeOffset PeriodStart,
    decimal Limit, decimal Spent, DateTimeOffset At);

/// <summary>Result of <see cref="BudgetLedger.Reserve"/>.</summary>
public sealed record ReserveResult
{
    /// <summary>True when the reservation was made.</summary>
    public bool Granted { get; init; }
    /// <summary>Id to commit or release; null when refused.</summary>
    public string? ReservationId { get; init; }
    /// <summary>When the reservation expires if neither committed nor released.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>Smallest headroom over the limited periods after this call (limit − spent − reserved, floored at 0); null when unlimited.</summary>
    public decimal? Remaining { get; init; }
    /// <summary>Soft mode: granted although it exceeds a limit.</summary>
    public bool OverLimit { get; init; }
    /// <summary>Refusal (or soft-mode flag) code, e.g. <c>BUDGET_DAILY_LIMIT_EXCEEDED</c>.</summary>
    public string? Code { get; init; }
    /// <summary>Human-readable reason for a refusal or flag.</summary>
    public string? Reason { get; init; }
}

/// <summary>Result of <see cref="BudgetLedger.Commit"/> and <see cref="BudgetLedger.RecordSpend"/>.</summary>
public sealed record CommitResult
{
    /// <summary>True when the cost was recorded.</summary>
    public bool Recorded { get; init; }
    /// <summary>Error code when not recorded (e.g. <c>BUDGET_RESERVATION_NOT_FOUND</c>).</summary>
    public string? Code { get; init; }
    /// <summary>Human-readable explanation when not recorded or over limit.</summary>
    public string? Message { get; init; }
    /// <summary>True when spend now exceeds a limit (the cost is recorded anyway: it was incurred).</summary>
    public bool ExceededLimit { get; init; }
    /// <summary>Alerts fired by this call.</summary>
    public IReadOnlyList<BudgetAlert> Alerts { get; init; } = [];
    /// <summary>Smallest headroom over the limited periods; null when unlimited.</summary>
    public decimal? Remaining { get; init; }
}

/// <summary>Spend of one provider/model pair in a period.</summary>
public sealed record CostBreakdownEntry
{
    /// <summary>Provider, e.g. <c>openai</c>.</summary>
    public string Provider { get; init; } = "";
    /// <summary>Model, e.g. <c>gpt-4o</c>.</summary>
    public string Model { get; init; } = "";
    /// <summary>Total cost.</summary>
    public decimal TotalCost { get; init; }
    /// <summary>Number of committed requests.</summary>
    public long RequestCount { get; init; }
    /// <summary>Total tokens, when the callers reported them.</summary>
    public long? Tokens { get; init; }
}
