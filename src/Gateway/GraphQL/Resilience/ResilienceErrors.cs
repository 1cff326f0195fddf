using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.Grains.Resilience;
using CircuitBreaker.Grains.Workflow;
using CircuitBreaker.Resilience;

namespace CircuitBreaker.Gateway.GraphQL.Resilience;

/// <summary>
/// Turns refusals of the breaker and budget grains into GraphQL errors: every one is bad input, so
/// <c>extensions.code</c> is <c>INVALID_INPUT</c> (as elsewhere in the product API) and <c>extensions.reason</c> keeps
/// the grain's precise code (e.g. <c>BREAKER_FAILURE_RATE_THRESHOLD_OUT_OF_RANGE</c>, the REST API's <c>code</c>).
/// </summary>
public static class ResilienceErrors
{
    /// <summary>Awaits <paramref name="call"/>, converting a <see cref="ResilienceException"/>.</summary>
    public static async ValueTask<object?> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ResilienceException ex)
        {
            throw Invalid(ex.Code, ex.Message);
        }
    }

    /// <summary>An <c>INVALID_INPUT</c> error whose <c>extensions.reason</c> is <paramref name="reason"/>.</summary>
    public static GraphQLException Invalid(string reason, string message) =>
        new(message, WorkflowErrorCodes.InvalidInput, new Dictionary<string, object?> { ["reason"] = reason });

    /// <summary>Throws <see cref="Invalid"/> for the first of <paramref name="errors"/>, naming all of them.</summary>
    public static void ThrowIfAny(IReadOnlyList<ConfigError> errors)
    {
        if (errors.Count > 0) throw Invalid(errors[0].Code, string.Join(" ", errors.Select(e => e.Message)));
    }
}
