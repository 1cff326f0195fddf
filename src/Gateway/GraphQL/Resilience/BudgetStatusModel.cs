using CircuitBreaker.Grains.Resilience;

namespace CircuitBreaker.Gateway.GraphQL.Resilience;

/// <summary>
/// The GraphQL <c>BudgetStatus</c> of one or more scopes (user, project). A request charged to several scopes needs
/// every one to grant, so <see cref="IsExhausted"/> / <see cref="IsWarning"/> hold when any scope's does and
/// <see cref="Remaining"/> is the smallest; every other figure is the <b>binding</b> scope's: the one with the highest
/// share of a limit used (the first scope, the user's, on a tie). Spends are never added across scopes: the router
/// charges one call to each of them, so a sum would count it twice.
/// </summary>
public sealed class BudgetStatusModel
{
    private readonly BudgetStatusView _binding;
    private readonly IReadOnlyList<BudgetStatusView> _scopes;

    /// <summary>Combines <paramref name="scopes"/> (in the order asked, at least one).</summary>
    public BudgetStatusModel(IReadOnlyList<BudgetStatusView> scopes)
    {
        if (scopes.Count == 0) throw new ArgumentException("at least one scope", nameof(scopes));
        _scopes = scopes;
        _binding = scopes[0];
        foreach (var s in scopes.Skip(1))
            if (s.PercentageUsed > _binding.PercentageUsed) _binding = s;
    }

    /// <summary>The binding scope.</summary>
    public string BudgetId => _binding.BudgetId;
    /// <summary>Limit of the binding period.</summary>
    public decimal? Limit => _binding.Limit;
    /// <summary>Spend of the binding period.</summary>
    public decimal Used => _binding.Used;
    /// <summary>Held by outstanding reservations of the binding scope.</summary>
    public decimal Reserved => _binding.Reserved;
    /// <summary>Used ÷ limit × 100 of the binding scope.</summary>
    public decimal PercentageUsed => _binding.PercentageUsed;
    /// <summary>Some scope is at a limit.</summary>
    public bool IsExhausted => _scopes.Any(s => s.IsExhausted);
    /// <summary>Some scope is at a warning level.</summary>
    public bool IsWarning => _scopes.Any(s => s.IsWarning);
    /// <summary>Smallest amount left over the scopes; null when none is limited.</summary>
    public decimal? Remaining => _scopes.Min(s => s.Remaining);
    /// <summary>The binding scope's summary.</summary>
    public string Message => _binding.Message;
    /// <summary>Today's spend of the binding scope.</summary>
    public decimal DailySpend => _binding.DailySpend;
    /// <summary>This week's spend of the binding scope.</summary>
    public decimal WeeklySpend => _binding.WeeklySpend;
    /// <summary>This month's spend of the binding scope.</summary>
    public decimal MonthlySpend => _binding.MonthlySpend;
    /// <summary>Limits of the binding scope.</summary>
    public BudgetLimitsView BudgetLimits => _binding.BudgetLimits;
    /// <summary>This month's breakdown of the binding scope.</summary>
    public IReadOnlyList<CostBreakdownView> CostBreakdown => _binding.CostBreakdown;
    /// <summary>Projections of the binding scope.</summary>
    public BudgetProjectionsView Projections => _binding.Projections;
    /// <summary><c>hard</c> or <c>soft</c> (the input's spelling).</summary>
    public string Enforcement => _binding.Enforcement.ToLowerInvariant();
    /// <summary>Warning threshold of the binding scope.</summary>
    public decimal WarningThreshold => _binding.WarningThreshold;
    /// <summary>Each scope on its own.</summary>
    public IReadOnlyList<BudgetStatusModel> Scopes => _scopes.Count == 1 ? [this] : [.. _scopes.Select(s => new BudgetStatusModel([s]))];
}
