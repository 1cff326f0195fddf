using CircuitBreaker.Llm.Model;
using CircuitBreaker.Llm.Routing;

namespace CircuitBreaker.Gateway.GraphQL.Llm;

/// <summary>Router results as the GraphQL LLM types show them (plain dictionaries; money as Float).</summary>
public static class LlmGraphQLModels
{
    /// <summary>A <c>RoutingInfo</c>.</summary>
    public static Dictionary<string, object?> Routing(RoutingInfo info) => new()
    {
        ["selectedProvider"] = info.SelectedProvider,
        ["selectedModel"] = info.SelectedModel,
        ["requestedModel"] = info.RequestedModel,
        ["virtualModel"] = info.VirtualModel,
        ["routingStrategy"] = info.Strategy,
        ["taskType"] = info.TaskType,
        ["latencyMs"] = info.LatencyMs,
        ["retryCount"] = info.Attempts.Count(a => a.Outcome == "failed"),
        ["fallbackUsed"] = info.FallbackUsed,
        ["attempts"] = info.Attempts.Select(Attempt).ToList(),
        ["estimatedCost"] = (double)info.EstimatedCost,
        ["cost"] = info.Cost is { } c ? (double)c : null,
        ["budgetScopes"] = info.BudgetScopes.ToList(),
    };

    /// <summary>A <c>RouteAttempt</c>.</summary>
    public static Dictionary<string, object?> Attempt(RouteAttempt a) => new()
    {
        ["provider"] = a.Provider,
        ["model"] = a.Model,
        ["outcome"] = a.Outcome,
        ["status"] = a.Status,
        ["code"] = a.Code,
        ["reason"] = a.Reason,
        ["latencyMs"] = a.LatencyMs,
    };

    /// <summary>A <c>TokenUsage</c> with the cost charged.</summary>
    public static Dictionary<string, object?> Usage(LlmUsage usage, decimal? cost) => new()
    {
        ["promptTokens"] = usage.PromptTokens,
        ["completionTokens"] = usage.CompletionTokens,
        ["totalTokens"] = usage.TotalTokens,
        ["cachedTokens"] = usage.CachedTokens,
        ["estimatedCost"] = (double)(cost ?? 0m),
        ["estimated"] = usage.Estimated,
    };

    /// <summary>An <c>LlmResponse</c>.</summary>
    public static Dictionary<string, object?> Response(RoutedCompletion r, string id, long created)
    {
        var message = new Dictionary<string, object?>
        {
            ["role"] = "assistant",
            ["content"] = r.Response.Content ?? "",
            ["name"] = null,
            ["toolCalls"] = r.Response.ToolCalls?.Select(t => new Dictionary<string, object?> { ["id"] = t.Id, ["name"] = t.Name, ["arguments"] = t.Arguments }).ToList(),
        };
        return new()
        {
            ["id"] = id,
            ["model"] = r.Routing.SelectedModel ?? r.Response.Model,
            ["choices"] = new List<object?> { new Dictionary<string, object?> { ["index"] = 0, ["message"] = message, ["finishReason"] = r.Response.FinishReason } },
            ["usage"] = Usage(r.Response.Usage ?? new LlmUsage(0, 0), r.Routing.Cost),
            ["provider"] = r.Routing.SelectedProvider ?? "",
            ["routingInfo"] = Routing(r.Routing),
            ["created"] = created,
        };
    }
}
