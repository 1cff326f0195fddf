namespace CircuitBreaker.Llm.Routing;

/// <summary>How a candidate list is ordered.</summary>
public enum RoutingStrategy
{
    /// <summary>In the order listed.</summary>
    Failover,
    /// <summary>Cheapest estimated cost for this request first.</summary>
    CostOptimized,
    /// <summary>Lowest moving-average latency first (time to first token for streams); unmeasured candidates first so they get measured.</summary>
    LatencyOptimized,
    /// <summary>Random order drawn by weight.</summary>
    Weighted,
    /// <summary>Fewest calls in flight at the provider first.</summary>
    LeastBusy,
    /// <summary>Models tagged for the task type first, each group cheapest first.</summary>
    TaskSpecific,
}

/// <summary>Strategy names accepted in requests and virtual models.</summary>
public static class RoutingStrategies
{
    /// <summary>Parses a name or alias; null when unknown.</summary>
    public static RoutingStrategy? Parse(string? name) => name?.Trim().ToLowerInvariant().Replace('-', '_') switch
    {
        "failover" or "ordered" or "failover_chain" or "priority" or "fallback" => RoutingStrategy.Failover,
        "cost_optimized" or "cost" or "cheapest" or "cost_optimal" => RoutingStrategy.CostOptimized,
        "latency_optimized" or "latency" or "fastest" or "performance_first" or "performance" => RoutingStrategy.LatencyOptimized,
        "weighted" or "load_balanced" or "load_balance" or "weighted_round_robin" or "round_robin" => RoutingStrategy.Weighted,
        "least_busy" or "least_loaded" or "least_connections" => RoutingStrategy.LeastBusy,
        "task_specific" or "task" or "smart" or "auto" => RoutingStrategy.TaskSpecific,
        _ => null,
    };

    /// <summary>Canonical name.</summary>
    public static string Name(RoutingStrategy strategy) => strategy switch
    {
        RoutingStrategy.Failover => "failover",
        RoutingStrategy.CostOptimized => "cost_optimized",
        RoutingStrategy.LatencyOptimized => "latency_optimized",
        RoutingStrategy.Weighted => "weighted",
        RoutingStrategy.LeastBusy => "least_busy",
        _ => "task_specific",
    };
}
