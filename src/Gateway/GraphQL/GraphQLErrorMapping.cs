using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.Grains.Workflow;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>Runs grain calls and turns domain refusals into GraphQL errors carrying the domain code.</summary>
public static class GraphQLErrorMapping
{
    /// <summary>Awaits <paramref name="call"/>; a <see cref="WorkflowException"/> becomes a <see cref="GraphQLException"/> with its code.</summary>
    public static async ValueTask<object?> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (WorkflowException ex)
        {
            throw new GraphQLException(ex.Message, ex.Code);
        }
    }

    /// <summary>A bad-input error (code <c>INVALID_INPUT</c>).</summary>
    public static GraphQLException InvalidInput(string message) => new(message, WorkflowErrorCodes.InvalidInput);
}
