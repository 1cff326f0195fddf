namespace CircuitBreaker.Grains.Workflow;

/// <summary>
/// A request to a workflow, token or rule grain was refused. <see cref="Code"/> is stable (e.g.
/// <c>TRANSITION_NOT_ENABLED</c>) so gateways can map it to a GraphQL error code or an HTTP status.
/// </summary>
/// <remarks>Serialized with its code and message, so a caller on another silo or an Orleans client sees both.</remarks>
[GenerateSerializer, Alias("cb.WorkflowException")]
public sealed class WorkflowException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkflowException(string code, string message) : base(message) => Code = code;

    /// <summary>The stable error code.</summary>
    [Id(0)]
    public string Code { get; }
}

/// <summary>The error codes of <see cref="WorkflowException"/>.</summary>
public static class WorkflowErrorCodes
{
    /// <summary>The workflow does not exist (or belongs to another tenant).</summary>
    public const string WorkflowNotFound = "WORKFLOW_NOT_FOUND";
    /// <summary>A workflow with this id exists already.</summary>
    public const string WorkflowExists = "WORKFLOW_EXISTS";
    /// <summary>The definition is malformed or fails validation.</summary>
    public const string InvalidDefinition = "INVALID_DEFINITION";
    /// <summary>The definition exceeds a size limit (places, transitions or arcs); the message names the limit.</summary>
    public const string DefinitionTooLarge = "DEFINITION_TOO_LARGE";
    /// <summary>The definition's analysis found it unsound and the caller asked to refuse such definitions.</summary>
    public const string UnsoundWorkflow = "UNSOUND_WORKFLOW";
    /// <summary>The token does not exist (or belongs to another tenant).</summary>
    public const string TokenNotFound = "TOKEN_NOT_FOUND";
    /// <summary>A token with this id exists already.</summary>
    public const string TokenExists = "TOKEN_EXISTS";
    /// <summary>The token is completed or cancelled.</summary>
    public const string TokenNotActive = "TOKEN_NOT_ACTIVE";
    /// <summary>The workflow has no such transition.</summary>
    public const string UnknownTransition = "UNKNOWN_TRANSITION";
    /// <summary>The transition's input places are not marked.</summary>
    public const string TransitionNotEnabled = "TRANSITION_NOT_ENABLED";
    /// <summary>The transition's guard did not pass.</summary>
    public const string GuardFailed = "GUARD_FAILED";
    /// <summary><c>expectedVersion</c> did not match the token's version.</summary>
    public const string VersionConflict = "VERSION_CONFLICT";
    /// <summary>The request is malformed (bad JSON, unknown place, ...).</summary>
    public const string InvalidInput = "INVALID_INPUT";
    /// <summary>An idempotency key was reused for a different request (another transition or data).</summary>
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";
    /// <summary>A request or document has a field that is not part of it (a typo, or a field of another release).</summary>
    public const string UnknownField = "UNKNOWN_FIELD";
    /// <summary>The rule does not exist.</summary>
    public const string RuleNotFound = "RULE_NOT_FOUND";
    /// <summary>A rule with this id exists already.</summary>
    public const string RuleExists = "RULE_EXISTS";
}
