using CircuitBreaker.Grains;
using System.Text.Json.Nodes;
using CircuitBreaker.Gateway.Security;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.Llm.Model;
using CircuitBreaker.Llm.Providers;

namespace CircuitBreaker.Gateway.GraphQL.Llm;

/// <summary>
/// Reads <c>LlmChatCompletionInput</c>: it is written as the OpenAI request body the REST API takes and parsed by the
/// same code, so both APIs accept and refuse exactly the same requests.
/// </summary>
public static class LlmChatInput
{
    /// <summary>The request and the budget scopes it is charged to (user, project, and the caller's API key as on REST).</summary>
    public static (ChatRequest Request, List<string> Scopes) Read(ResolveContext ctx, IDictionary<string, object?> input, bool stream)
    {
        var body = new JsonObject
        {
            ["model"] = input.Text("model"),
            ["messages"] = PlainJson.ToNode(input.Value("messages")),
            ["stream"] = stream,
        };
        Copy(input, body, "temperature", "temperature");
        Copy(input, body, "maxTokens", "max_tokens");
        Copy(input, body, "topP", "top_p");
        Copy(input, body, "frequencyPenalty", "frequency_penalty");
        Copy(input, body, "presencePenalty", "presence_penalty");
        Copy(input, body, "stop", "stop");
        var user = input.Text("user") ?? input.Text("userId");
        if (user is not null) body["user"] = user;
        if (input.Value("routing") is IDictionary<string, object?> routing)
        {
            var cb = new JsonObject();
            Copy(routing, cb, "routingStrategy", "routing_strategy");
            Copy(routing, cb, "maxCostPer1kTokens", "max_cost_per_1k_tokens");
            Copy(routing, cb, "maxLatencyMs", "max_latency_ms");
            Copy(routing, cb, "taskType", "task_type");
            Copy(routing, cb, "fallbackModels", "fallback_models");
            Copy(routing, cb, "preferredProviders", "preferred_providers");
            body["circuit_breaker"] = cb;
        }
        ChatRequest request;
        try
        {
            request = OpenAiWireFormat.ParseRequest(body);
        }
        catch (CircuitBreaker.Llm.LlmException e)
        {
            throw LlmGraphQLErrors.From(e);
        }
        var scopes = new List<string>();
        if (!string.IsNullOrWhiteSpace(user)) scopes.Add("user:" + user);
        if (input.Text("projectId") is { } project && !string.IsNullOrWhiteSpace(project)) scopes.Add("project:" + project);
        // The same key scope the REST API charges, so a key's budget covers both APIs.
        if (ctx.UserContext is Caller caller && caller.Identity.StartsWith("key:", StringComparison.Ordinal)) scopes.Add(caller.Identity);
        // Budgets and cost records are the caller's tenant's (TenantKeys).
        return (request, [.. scopes.Select(scope => TenantKeys.Of(ctx.Tenant(), scope))]);
    }

    private static void Copy(IDictionary<string, object?> from, JsonObject to, string name, string wireName)
    {
        if (from.TryGetValue(name, out var v) && v is not null) to[wireName] = PlainJson.ToNode(v);
    }
}
