namespace CircuitBreaker.Resilience.Budget;

/// <summary>Limits and policy of one budget scope. Immutable; serializable with System.Text.Json.</summary>
public sealed record BudgetConfig
{
    /// <summary>Limit per UTC day; null = no daily limit.</summary>
    public decimal? DailyLimit { get; init; }

    /// <summary>Limit per ISO week (Monday 00:00 UTC); null = no weekly limit.</summary>
    public decimal? WeeklyLimit { get; init; }

    /// <summary>Limit per calendar month (UTC); null = no monthly limit.</summary>
    public decimal? MonthlyLimit { get; init; }

    /// <summary>Fraction of a limit at which a warning alert fires, in (0, 1]. Default 0.8.</summary>
    public decimal WarningThreshold { get; init; } = 0.8m;

    /// <summary>Hard refuses reservations beyond a limit; soft grants and flags them. Default hard.</summary>
    public BudgetEnforcement Enforcement { get; init; } = BudgetEnforcement.Hard;

    /// <summary>Lifetime of a reservation when none is given. Positive. Default 5 minutes.</summary>
    public TimeSpan DefaultReservationTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The limit of one period, or null when that period is unlimited.</summary>
    public decimal? LimitFor(BudgetPeriodKind kind) => kind switch
    {
        BudgetPeriodKind.Daily => DailyLimit,
        BudgetPeriodKind.Weekly => WeeklyLimit,
        _ => MonthlyLimit,
    };

    /// <summary>Returns every problem with this configuration; empty when valid.</summary>
    public IReadOnlyList<ConfigError> Validate()
    {
        var errors = new List<ConfigError>();
        foreach (var kind in Enum.GetValues<BudgetPeriodKind>())
        {
            if (LimitFor(kind) is { } limit && limit < 0)
                errors.Add(new($"BUDGET_{kind.ToString().ToUpperInvariant()}_LIMIT_NEGATIVE",
                    $"{kind.ToString().ToLowerInvariant()}Limit must not be negative, got {limit}."));
        }
        if (!(WarningThreshold > 0 && WarningThreshold <= 1))
            errors.Add(new("BUDGET_WARNING_THRESHOLD_OUT_OF_RANGE",
                $"warningThreshold is a fraction in (0, 1], got {WarningThreshold}."));
        if (!Enum.IsDefined(Enforcement))
            errors.Add(new("BUDGET_ENFORCEMENT_UNKNOWN", $"enforcement must be Hard or Soft, got {(int)Enforcement}."));
        if (DefaultReservationTtl <= TimeSpan.Zero)
            errors.Add(new("BUDGET_RESERVATION_TTL_NOT_POSITIVE",
                $"defaultReservationTtl must be positive, got {DefaultReservationTtl}."));
        return errors;
    }

    /// <summary>Throws <see cref="ResilienceConfigException"/> listing every problem when invalid.</summary>
    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0) throw new ResilienceConfigException(errors);
    }
}
