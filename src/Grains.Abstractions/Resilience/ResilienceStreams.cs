namespace CircuitBreaker.Grains.Resilience;

/// <summary>Stream namespaces the breaker and budget grains publish on (the stream key is the grain key).</summary>
public static class ResilienceStreams
{
    /// <summary><see cref="BreakerStateChanged"/> of one breaker, key = breaker id.</summary>
    public const string Breaker = "breaker";

    /// <summary><see cref="BudgetAlertEvent"/> of one budget scope (warning / limit reached, once per period), key = scope.</summary>
    public const string BudgetAlerts = "budget";

    /// <summary><see cref="BudgetUpdateEvent"/> of one budget scope (every recorded cost and limit change), key = scope.</summary>
    public const string BudgetUpdates = "budget-updates";
}
