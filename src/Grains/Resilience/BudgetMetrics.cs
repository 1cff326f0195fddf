using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CircuitBreaker.Grains.Telemetry;

namespace CircuitBreaker.Grains.Resilience;

/// <summary>
/// Budget spend and limits. <c>cb_budget_spend_usd_total</c> counts every committed spend by budget scope (a counter, so
/// it is right summed over silos whichever silo the budget lived on). <c>cb_budget_limit_usd</c> and
/// <c>cb_budget_used_usd</c> (by scope and period) are the last status of each budget this process has hosted since it
/// started, refreshed whenever the budget grain activates, changes its limits or commits; a budget that moved to another
/// silo is reported there too, with the newer value. One series per budget scope: scopes are users, projects and keys,
/// so the cardinality is the number of budgets that exist.
/// </summary>
internal static class BudgetMetrics
{
    private static readonly ConcurrentDictionary<string, BudgetStatusView> Last = new(StringComparer.Ordinal);

    private static readonly Counter<double> Spend = ProductMeter.Meter.CreateCounter<double>(
        "cb.budget.spend.usd", "{USD}", "Committed LLM spend, by budget scope.");

    private static readonly ObservableGauge<double> Limit = ProductMeter.Meter.CreateObservableGauge(
        "cb.budget.limit.usd", () => Observe(static s => [("daily", s.BudgetLimits.Daily), ("weekly", s.BudgetLimits.Weekly), ("monthly", s.BudgetLimits.Monthly)]),
        "{USD}", "Configured budget limits, by budget scope and period (only periods with a limit).");

    private static readonly ObservableGauge<double> Used = ProductMeter.Meter.CreateObservableGauge(
        "cb.budget.used.usd", () => Observe(static s => [("daily", s.DailySpend), ("weekly", s.WeeklySpend), ("monthly", s.MonthlySpend)]),
        "{USD}", "Spend in the current period, by budget scope and period, as of the budget's last change on this process.");

    /// <summary>Remembers a budget's status for the gauges.</summary>
    public static void Observe(BudgetStatusView status)
    {
        // Touching the gauges makes sure they exist before the first scrape (static fields initialise lazily).
        _ = Limit; _ = Used;
        Last[status.BudgetId] = status;
    }

    /// <summary>Counts a committed spend.</summary>
    public static void Committed(string scope, decimal amount)
    {
        if (Spend.Enabled && amount > 0) Spend.Add((double)amount, new KeyValuePair<string, object?>("scope", scope));
    }

    private static IEnumerable<Measurement<double>> Observe(Func<BudgetStatusView, (string Period, decimal? Value)[]> values)
    {
        foreach (var (scope, status) in Last)
            foreach (var (period, value) in values(status))
                if (value is { } v)
                    yield return new Measurement<double>((double)v, new KeyValuePair<string, object?>("scope", scope), new KeyValuePair<string, object?>("period", period));
    }
}
