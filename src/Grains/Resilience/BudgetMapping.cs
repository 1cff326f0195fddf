using CircuitBreaker.Resilience.Budget;

namespace CircuitBreaker.Grains.Resilience;

/// <summary>Converts between the grain contract's plain DTOs and the pure budget types.</summary>
public static class BudgetMapping
{
    /// <summary>The period named by <paramref name="period"/> (daily, weekly, monthly; case-insensitive).</summary>
    public static BudgetPeriodKind ToPeriod(string? period) => period?.Trim().ToLowerInvariant() switch
    {
        "daily" or "day" => BudgetPeriodKind.Daily,
        "weekly" or "week" => BudgetPeriodKind.Weekly,
        "monthly" or "month" => BudgetPeriodKind.Monthly,
        _ => throw new ResilienceException("BUDGET_PERIOD_UNKNOWN", $"period must be daily, weekly or monthly, got '{period}'."),
    };

    /// <summary>The enforcement named by <paramref name="enforcement"/> (hard, soft).</summary>
    public static BudgetEnforcement ToEnforcement(string enforcement) =>
        Enum.TryParse<BudgetEnforcement>(enforcement, ignoreCase: true, out var e) && Enum.IsDefined(e)
            ? e
            : throw new ResilienceException("BUDGET_ENFORCEMENT_UNKNOWN", $"enforcement must be hard or soft, got '{enforcement}'.");

    /// <summary><paramref name="config"/> with the limit of one period replaced.</summary>
    public static BudgetConfig WithLimit(BudgetConfig config, BudgetPeriodKind period, decimal? limit) => period switch
    {
        BudgetPeriodKind.Daily => config with { DailyLimit = limit },
        BudgetPeriodKind.Weekly => config with { WeeklyLimit = limit },
        _ => config with { MonthlyLimit = limit },
    };

    /// <summary>The status as the contract's view.</summary>
    public static BudgetStatusView ToView(BudgetStatus s, BudgetConfig config) => new()
    {
        BudgetId = s.BudgetId,
        Limit = s.Limit,
        Used = s.Used,
        Reserved = s.Reserved,
        PercentageUsed = s.PercentageUsed,
        IsExhausted = s.IsExhausted,
        IsWarning = s.IsWarning,
        Remaining = s.Remaining,
        Message = s.Message,
        DailySpend = s.DailySpend,
        WeeklySpend = s.WeeklySpend,
        MonthlySpend = s.MonthlySpend,
        BudgetLimits = new BudgetLimitsView(s.BudgetLimits.Daily, s.BudgetLimits.Weekly, s.BudgetLimits.Monthly),
        CostBreakdown = [.. s.CostBreakdown.Select(c => new CostBreakdownView(c.Provider, c.Model, c.TotalCost, c.RequestCount, c.Tokens))],
        Projections = new BudgetProjectionsView(s.Projections.DailyProjection, s.Projections.WeeklyProjection, s.Projections.MonthlyProjection),
        Enforcement = s.Enforcement.ToString(),
        WarningThreshold = config.WarningThreshold,
    };

    /// <summary>An alert as a stream event.</summary>
    public static BudgetAlertEvent ToEvent(BudgetAlert a) =>
        new(a.BudgetId, a.Kind.ToString(), a.Period.ToString(), a.PeriodStart, a.Limit, a.Spent, a.At);

    /// <summary>A reserve result as the contract's reservation.</summary>
    public static BudgetReservation ToReservation(ReserveResult r) =>
        new(r.ReservationId, r.Granted, r.Remaining, r.Code, r.Reason, r.OverLimit, r.ExpiresAt);

    /// <summary>A commit result as the contract's commit.</summary>
    public static BudgetCommit ToCommit(CommitResult r) => new(r.Recorded, r.Code, r.Message, r.ExceededLimit, r.Remaining);
}
