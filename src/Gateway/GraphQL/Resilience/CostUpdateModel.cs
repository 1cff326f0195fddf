using CircuitBreaker.Grains.Resilience;

namespace CircuitBreaker.Gateway.GraphQL.Resilience;

/// <summary>
/// A <see cref="BudgetUpdateEvent"/> of <c>user:{userId}</c> as the GraphQL <c>CostUpdate</c>, with the fields of seed 001's
/// <c>streamCostUpdates</c> callback (currentSpend, budgetRemaining, projectedSpend, alertTriggered).
/// </summary>
public sealed class CostUpdateModel(string userId, BudgetUpdateEvent update)
{
    /// <summary><c>commit</c> or <c>limits</c>.</summary>
    public string Kind => update.Kind;
    /// <summary>The user.</summary>
    public string UserId => userId;
    /// <summary>The scope (<c>user:{userId}</c>).</summary>
    public string BudgetId => update.Scope;
    /// <summary>Provider of the recorded cost.</summary>
    public string? Provider => update.Provider;
    /// <summary>Model of the recorded cost.</summary>
    public string? Model => update.Model;
    /// <summary>The recorded cost.</summary>
    public decimal? Cost => update.Cost;
    /// <summary>Spend of the binding period after the change.</summary>
    public decimal CurrentSpend => update.Status.Used;
    /// <summary>Today's spend.</summary>
    public decimal DailySpend => update.Status.DailySpend;
    /// <summary>This month's spend.</summary>
    public decimal MonthlySpend => update.Status.MonthlySpend;
    /// <summary>Smallest amount left; null when unlimited.</summary>
    public decimal? BudgetRemaining => update.Status.Remaining;
    /// <summary>This month's spend projected to the month's end.</summary>
    public decimal ProjectedSpend => update.Status.Projections.MonthlyProjection;
    /// <summary>The change crossed a warning threshold or a limit.</summary>
    public bool AlertTriggered => update.Alerts.Count > 0;
    /// <summary>The alerts the change fired.</summary>
    public IReadOnlyList<BudgetAlertEvent> Alerts => update.Alerts;
    /// <summary>The full status after the change.</summary>
    public BudgetStatusModel Status => new([update.Status]);
    /// <summary>When the change happened.</summary>
    public DateTimeOffset Timestamp => update.At;
}
