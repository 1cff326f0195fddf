using System.Text.Json.Serialization;

namespace CircuitBreaker.Resilience.Budget;

/// <summary>A budget period; every period resets at a UTC boundary.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BudgetPeriodKind>))]
public enum BudgetPeriodKind
{
    /// <summary>Resets every day at 00:00 UTC.</summary>
    Daily,
    /// <summary>Resets every Monday at 00:00 UTC (ISO weeks).</summary>
    Weekly,
    /// <summary>Resets on the 1st of each month at 00:00 UTC.</summary>
    Monthly,
}

/// <summary>How a budget treats spend beyond its limit.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BudgetEnforcement>))]
public enum BudgetEnforcement
{
    /// <summary>Reservations that would exceed a limit are refused.</summary>
    Hard,
    /// <summary>Reservations are always granted; those exceeding a limit are flagged.</summary>
    Soft,
}

/// <summary>UTC boundaries of budget periods.</summary>
public static class BudgetCalendar
{
    /// <summary>Start (inclusive, UTC) of the period of <paramref name="kind"/> containing <paramref name="now"/>.</summary>
    public static DateTimeOffset PeriodStart(BudgetPeriodKind kind, DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var day = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
        return kind switch
        {
            BudgetPeriodKind.Daily => day,
            // DayOfWeek.Sunday is 0; shift so Monday is 0.
            BudgetPeriodKind.Weekly => day.AddDays(-(((int)utc.DayOfWeek + 6) % 7)),
            BudgetPeriodKind.Monthly => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
            _ => throw new ResilienceArgumentException("BUDGET_PERIOD_UNKNOWN", $"Unknown budget period {(int)kind}."),
        };
    }

    /// <summary>End (exclusive) of the period of <paramref name="kind"/> starting at <paramref name="start"/>.</summary>
    public static DateTimeOffset PeriodEnd(BudgetPeriodKind kind, DateTimeOffset start) => kind switch
    {
        BudgetPeriodKind.Daily => start.AddDays(1),
        BudgetPeriodKind.Weekly => start.AddDays(7),
        BudgetPeriodKind.Monthly => start.AddMonths(1),
        _ => throw new ResilienceArgumentException("BUDGET_PERIOD_UNKNOWN", $"Unknown budget period {(int)kind}."),
    };
}
