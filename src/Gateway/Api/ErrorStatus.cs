using CircuitBreaker.Grains.Workflow;

namespace CircuitBreaker.Gateway.Api;

/// <summary>Maps the grains' stable error codes to HTTP statuses (pure; the table is in docs/API.md).</summary>
public static class ErrorStatus
{
    /// <summary>The HTTP status for a <see cref="WorkflowException"/> code.</summary>
    public static int For(string code) => code switch
    {
        WorkflowErrorCodes.WorkflowNotFound or WorkflowErrorCodes.TokenNotFound or WorkflowErrorCodes.RuleNotFound => 404,
        WorkflowErrorCodes.WorkflowExists or WorkflowErrorCodes.TokenExists or WorkflowErrorCodes.RuleExists
            or WorkflowErrorCodes.VersionConflict => 409,
        WorkflowErrorCodes.TransitionNotEnabled or WorkflowErrorCodes.GuardFailed or WorkflowErrorCodes.TokenNotActive
            or WorkflowErrorCodes.UnknownTransition or WorkflowErrorCodes.UnsoundWorkflow
            or WorkflowErrorCodes.IdempotencyKeyReused => 422,
        WorkflowErrorCodes.DefinitionTooLarge => 413,
        _ when code.EndsWith("_NOT_FOUND", StringComparison.Ordinal) => 404,
        _ when code.EndsWith("_EXISTS", StringComparison.Ordinal) => 409,
        _ when code.StartsWith("INVALID_", StringComparison.Ordinal) => 400,
        _ => 400,
    };

    /// <summary>A short title for a status.</summary>
    public static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Unprocessable request",
        429 => "Too many requests",
        503 => "Service unavailable",
        _ => "Error",
    };
}
