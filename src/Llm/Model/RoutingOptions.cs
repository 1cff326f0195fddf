namespace CircuitBreaker.Llm.Model;

/// <summary>The seed's <c>circuit_breaker</c> request extension: how this request wants to be routed.</summary>
public sealed class RoutingOptions
{
    /// <summary>Strategy name (see <see cref="Routing.RoutingStrategies"/>); overrides the virtual model's.</summary>
    public string? RoutingStrategy { get; set; }
    /// <summary>Skip models whose blended price per 1,000 tokens ((input + output) / 2) is higher.</summary>
    public decimal? MaxCostPer1kTokens { get; set; }
    /// <summary>Skip models whose observed average latency is higher; also the per-attempt timeout.</summary>
    public double? MaxLatencyMs { get; set; }
    /// <summary>Task kind (<c>coding</c>, <c>analysis</c>, <c>creative</c>, <c>chat</c> …) for task-specific routing.</summary>
    public string? TaskType { get; set; }
    /// <summary>Models tried after the requested one.</summary>
    public List<string>? FallbackModels { get; set; }
    /// <summary>Providers moved to the front of the candidate list.</summary>
    public List<string>? PreferredProviders { get; set; }
    /// <summary>Project charged (budget scope <c>project:{id}</c>).</summary>
    public string? ProjectId { get; set; }
}
