using System.Text.Json.Serialization;

namespace CircuitBreaker.Llm.Routing;

/// <summary>One try (or skip) of a candidate.</summary>
public sealed record RouteAttempt
{
    /// <summary>Provider id.</summary>
    [JsonPropertyName("provider")] public string Provider { get; init; } = "";
    /// <summary>Model id.</summary>
    [JsonPropertyName("model")] public string Model { get; init; } = "";
    /// <summary><c>success</c>, <c>failed</c>, <c>skipped</c> or <c>breaker_open</c>.</summary>
    [JsonPropertyName("outcome")] public string Outcome { get; init; } = "";
    /// <summary>Provider HTTP status of a failure.</summary>
    [JsonPropertyName("status")] public int? Status { get; init; }
    /// <summary>Error code.</summary>
    [JsonPropertyName("code")] public string? Code { get; init; }
    /// <summary>Why (redacted provider message).</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    /// <summary>Duration of the try.</summary>
    [JsonPropertyName("latency_ms")] public double? LatencyMs { get; init; }
}

/// <summary>How a request was routed: sent as header <c>X-CircuitBreaker-Routing</c> and as <c>routing_info</c> in the body.</summary>
public sealed class RoutingInfo
{
    /// <summary>Model the client asked for.</summary>
    [JsonPropertyName("requested_model")] public string RequestedModel { get; set; } = "";
    /// <summary>Virtual model resolved, if any.</summary>
    [JsonPropertyName("virtual_model")] public string? VirtualModel { get; set; }
    /// <summary>Strategy applied.</summary>
    [JsonPropertyName("strategy")] public string Strategy { get; set; } = "";
    /// <summary>Task type applied.</summary>
    [JsonPropertyName("task_type")] public string? TaskType { get; set; }
    /// <summary>Provider that answered.</summary>
    [JsonPropertyName("selected_provider")] public string? SelectedProvider { get; set; }
    /// <summary>Model that answered.</summary>
    [JsonPropertyName("selected_model")] public string? SelectedModel { get; set; }
    /// <summary>True when the answer did not come from the first candidate planned.</summary>
    [JsonPropertyName("fallback_used")] public bool FallbackUsed { get; set; }
    /// <summary>Every candidate tried or skipped, in order.</summary>
    [JsonPropertyName("attempts")] public List<RouteAttempt> Attempts { get; set; } = [];
    /// <summary>Cost held on the budgets before the call (USD).</summary>
    [JsonPropertyName("estimated_cost")] public decimal EstimatedCost { get; set; }
    /// <summary>Cost charged (USD).</summary>
    [JsonPropertyName("cost")] public decimal? Cost { get; set; }
    /// <summary>True when usage was counted by the router because the provider gave none.</summary>
    [JsonPropertyName("usage_estimated")] public bool UsageEstimated { get; set; }
    /// <summary>Budget scopes charged.</summary>
    [JsonPropertyName("budget_scopes")] public List<string> BudgetScopes { get; set; } = [];
    /// <summary>Time to the answer (or first chunk for streams), ms.</summary>
    [JsonPropertyName("latency_ms")] public double? LatencyMs { get; set; }
}
