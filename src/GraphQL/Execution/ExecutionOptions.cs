namespace CircuitBreaker.GraphQL.Execution;

/// <summary>How execution reports field errors.</summary>
public sealed class ExecutionOptions
{
    /// <summary>The message sent instead of an unexpected exception's own text when <see cref="MaskUnexpectedErrors"/> is on.</summary>
    public const string MaskedMessage = "Unexpected Execution Error";

    /// <summary>
    /// Replace the message of exceptions that are not a <see cref="GraphQLException"/> (nor an engine error such as a non-null
    /// violation) with <see cref="MaskedMessage"/>. Default true: an arbitrary exception text (SQL, file paths, stack details)
    /// should not reach clients; throw <see cref="GraphQLException"/> for messages meant for them.
    /// </summary>
    public bool MaskUnexpectedErrors { get; init; } = true;

    /// <summary>Called with every unexpected exception and the error sent for it (masked or not), e.g. to log what masking hides.</summary>
    public Action<Exception, GraphQLError>? OnUnexpectedError { get; init; }

    /// <summary>The defaults: unexpected exception messages masked.</summary>
    public static ExecutionOptions Default { get; } = new();

    /// <summary>Unexpected exception messages passed through as graphql-js does (tests, trusted clients).</summary>
    public static ExecutionOptions Unmasked { get; } = new() { MaskUnexpectedErrors = false };
}
