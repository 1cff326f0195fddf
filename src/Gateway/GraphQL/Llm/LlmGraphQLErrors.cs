using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.Llm;
using CircuitBreaker.Llm.Routing;

namespace CircuitBreaker.Gateway.GraphQL.Llm;

/// <summary>
/// Router refusals as GraphQL errors: <c>extensions.code</c> is the router's code (<c>BUDGET_EXCEEDED</c>,
/// <c>MODEL_NOT_FOUND</c>, <c>MODEL_UNPRICED</c>, <c>ALL_PROVIDERS_FAILED</c> …) with the HTTP status the REST API would
/// give, and the details the REST body carries (scope, remaining, attempts …). Messages are the router's, which
/// never carry a key.
/// </summary>
public static class LlmGraphQLErrors
{
    /// <summary>Awaits <paramref name="call"/>; an <see cref="LlmException"/> becomes a <see cref="GraphQLException"/>.</summary>
    public static async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (LlmException e)
        {
            throw From(e);
        }
    }

    /// <summary>The GraphQL error of <paramref name="e"/>.</summary>
    public static GraphQLException From(LlmException e)
    {
        var extensions = new Dictionary<string, object?> { ["status"] = e.Status };
        foreach (var (key, value) in e.Details)
        {
            switch (key)
            {
                case "scope": extensions["scope"] = value; break;
                case "remaining": extensions["remaining"] = value is decimal r ? (double)r : null; break;
                case "estimated_cost": extensions["estimatedCost"] = value is decimal c ? (double)c : null; break;
                case "budget_code": extensions["budgetCode"] = value; break;
                case "provider": extensions["provider"] = value; break;
                case "retry_after_seconds": extensions["retryAfterSeconds"] = value; break;
                case "routing_info" when value is RoutingInfo info:
                    extensions["attempts"] = info.Attempts.Select(LlmGraphQLModels.Attempt).ToList();
                    break;
            }
        }
        return new GraphQLException(e.Message, e.Code, extensions);
    }
}
