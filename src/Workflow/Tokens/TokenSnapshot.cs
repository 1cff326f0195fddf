using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CircuitBreaker.Workflow.Net;

namespace CircuitBreaker.Workflow.Tokens;

/// <summary>Lifecycle of a token.</summary>
[JsonConverter(typeof(TokenStatusJsonConverter))]
public enum TokenStatus
{
    /// <summary>Transitions may still fire.</summary>
    Active,
    /// <summary>Every marked place is final.</summary>
    Completed,
    /// <summary>Stopped by a caller.</summary>
    Cancelled,
}

/// <summary>Writes <see cref="TokenStatus"/> as <c>active</c>, <c>completed</c>, <c>cancelled</c>.</summary>
public sealed class TokenStatusJsonConverter() : JsonStringEnumConverter<TokenStatus>(System.Text.Json.JsonNamingPolicy.CamelCase);

/// <summary>
/// One token (work item) at a point in time. Immutable by convention: the machine returns new snapshots
/// and never mutates <see cref="Data"/> or <see cref="Metadata"/> in place. History is kept separately.
/// </summary>
public sealed record TokenSnapshot
{
    /// <summary>Token id.</summary>
    public required string Id { get; init; }

    /// <summary>The workflow the token runs in.</summary>
    public required string WorkflowId { get; init; }

    /// <summary>The definition version the token was started with.</summary>
    public int WorkflowVersion { get; init; } = 1;

    /// <summary>Where the token's tokens are (a multiset of places).</summary>
    public required Marking Marking { get; init; }

    /// <summary>Token data (a JSON object).</summary>
    public JsonObject Data { get; init; } = [];

    /// <summary>Token metadata (a JSON object).</summary>
    public JsonObject Metadata { get; init; } = [];

    /// <summary>Status.</summary>
    public TokenStatus Status { get; init; } = TokenStatus.Active;

    /// <summary>Sequence number of the last history entry (0 before any firing).</summary>
    public long LastSequence { get; init; }

    /// <summary>Creation time.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Last change time.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One fired transition (or lifecycle event) in a token's history; appended, never rewritten.</summary>
/// <param name="Sequence">1, 2, 3, … per token.</param>
/// <param name="TransitionId">The fired transition (or <c>$cancel</c>).</param>
/// <param name="Consumed">Tokens taken per place.</param>
/// <param name="Produced">Tokens added per place.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who fired it (user, agent, system), if known.</param>
/// <param name="DataPatch">The JSON merge patch applied to the data, if any.</param>
/// <param name="IdempotencyKey">The caller's idempotency key, if any.</param>
public sealed record HistoryEntry(
    long Sequence, string TransitionId, Marking Consumed, Marking Produced, DateTimeOffset At,
    string? Actor, JsonObject? DataPatch, string? IdempotencyKey);
