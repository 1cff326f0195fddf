using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Rules;

namespace CircuitBreaker.Workflow.Tokens;

/// <summary>A request to fire one transition on a token.</summary>
/// <param name="TransitionId">The transition to fire.</param>
/// <param name="DataPatch">Optional JSON merge patch (RFC 7386) applied to the token data; the guard sees the patched data.</param>
/// <param name="Actor">Who fires (recorded in history).</param>
/// <param name="IdempotencyKey">Caller's key; recorded so the owner can detect a replay.</param>
public sealed record FireRequest(string TransitionId, JsonObject? DataPatch = null, string? Actor = null, string? IdempotencyKey = null);

/// <summary>Why a fire request was refused.</summary>
public static class FireErrorCodes
{
    /// <summary>The token is completed or cancelled.</summary>
    public const string TokenNotActive = "token_not_active";
    /// <summary>The workflow has no such transition.</summary>
    public const string UnknownTransition = "unknown_transition";
    /// <summary>Input places lack tokens.</summary>
    public const string TransitionNotEnabled = "transition_not_enabled";
    /// <summary>A guard condition failed.</summary>
    public const string GuardFailed = "guard_failed";
    /// <summary>The token belongs to another workflow, or its marking names unknown places.</summary>
    public const string WorkflowMismatch = "workflow_mismatch";
}

/// <summary>The result of a fire request: either a new snapshot and history entry, or a refusal with a reason.</summary>
public sealed record FireOutcome
{
    /// <summary>True when the transition fired.</summary>
    public bool Fired => Token is not null;

    /// <summary>The new snapshot, when fired.</summary>
    public TokenSnapshot? Token { get; init; }

    /// <summary>The history entry to append, when fired.</summary>
    public HistoryEntry? Entry { get; init; }

    /// <summary>Error code from <see cref="FireErrorCodes"/>, when refused.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Human-readable reason, when refused.</summary>
    public string? Reason { get; init; }

    /// <summary>Input places lacking tokens (for <c>transition_not_enabled</c>).</summary>
    public IReadOnlyList<string> MissingPlaces { get; init; } = [];

    /// <summary>The guard evaluation (when it ran).</summary>
    public GuardResult? Guard { get; init; }

    internal static FireOutcome Refused(string code, string reason) => new() { ErrorCode = code, Reason = reason };
}
