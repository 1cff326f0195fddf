using CircuitBreaker.GraphQL.Language;

namespace CircuitBreaker.GraphQL.Execution;

/// <summary>A GraphQL error as it appears in a response: message, locations, path and extensions (with <c>code</c>).</summary>
public sealed class GraphQLError(string message, IReadOnlyList<SourceLocation>? locations = null, IReadOnlyList<object>? path = null,
    IReadOnlyDictionary<string, object?>? extensions = null)
{
    /// <summary>Human-readable message.</summary>
    public string Message { get; } = message;
    /// <summary>Source locations the error refers to.</summary>
    public IReadOnlyList<SourceLocation> Locations { get; } = locations ?? [];
    /// <summary>Response path (field names and list indices).</summary>
    public IReadOnlyList<object>? Path { get; } = path;
    /// <summary>Extra data; <c>code</c> classifies the error.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; } = extensions;
    /// <summary>The <c>extensions.code</c> value, if any.</summary>
    public string? Code => Extensions?.GetValueOrDefault("code") as string;
    /// <inheritdoc />
    public override string ToString() => Message + string.Concat(Locations.Select(l => $" ({l.Line}:{l.Column})"));

    /// <summary>Creates an error with an extensions.code.</summary>
    public static GraphQLError WithCode(string message, string code, IReadOnlyList<SourceLocation>? locations = null, IReadOnlyList<object>? path = null) =>
        new(message, locations, path, new Dictionary<string, object?> { ["code"] = code });
}

/// <summary>Error codes put in <c>extensions.code</c>.</summary>
public static class ErrorCodes
{
    /// <summary>The document does not parse.</summary>
    public const string SyntaxError = "GRAPHQL_PARSE_FAILED";
    /// <summary>The document fails validation.</summary>
    public const string ValidationFailed = "GRAPHQL_VALIDATION_FAILED";
    /// <summary>Variable or argument values are invalid (also argument coercion failing at execution time).</summary>
    public const string BadUserInput = "BAD_USER_INPUT";
    /// <summary>A resolver failed with an exception that is not a <see cref="GraphQLException"/> (message masked by default).</summary>
    public const string InternalError = "INTERNAL_SERVER_ERROR";
    /// <summary>A non-null field resolved to null.</summary>
    public const string NonNullViolation = "NON_NULL_VIOLATION";
    /// <summary>A resolved value does not fit the field's type (scalar serialization, enum value, list, abstract type resolution).</summary>
    public const string ResultCoercion = "RESULT_COERCION_FAILED";
    /// <summary>A limit (depth, complexity ...) was exceeded.</summary>
    public const string LimitExceeded = "GRAPHQL_LIMIT_EXCEEDED";
    /// <summary>The requested operation is not found or ambiguous.</summary>
    public const string OperationResolution = "OPERATION_RESOLUTION_FAILURE";
    /// <summary>A subscription arrived on a transport that cannot stream (plain JSON over HTTP).</summary>
    public const string SubscriptionNeedsStream = "SUBSCRIPTION_NEEDS_STREAM";
}

/// <summary>Throw from a resolver to produce an error with a chosen code and extensions.</summary>
public class GraphQLException(string message, string code = ErrorCodes.InternalError, IReadOnlyDictionary<string, object?>? extensions = null) : Exception(message)
{
    /// <summary>Error code placed in extensions.code.</summary>
    public string Code { get; } = code;
    /// <summary>Extra extensions.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; } = extensions;
}

/// <summary>The outcome of an execution: data and/or errors.</summary>
public sealed class ExecutionResult
{
    /// <summary>Response data; null when execution did not start or a non-null root field failed.</summary>
    public IDictionary<string, object?>? Data { get; init; }
    /// <summary>True when the response has a "data" entry (possibly null).</summary>
    public bool HasData { get; init; }
    /// <summary>Errors, empty when none.</summary>
    public IReadOnlyList<GraphQLError> Errors { get; init; } = [];
    /// <summary>Optional extensions.</summary>
    public IDictionary<string, object?>? Extensions { get; init; }

    /// <summary>Serializes to the standard JSON response shape.</summary>
    public string ToJson() => ResultJson.Serialize(this);
}
