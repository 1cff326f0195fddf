using System.Text.Json.Nodes;
using CircuitBreaker.Grains.Workflow;

namespace CircuitBreaker.Gateway.Api;

/// <summary>A token as the REST API shows it (data and metadata as JSON objects, not strings).</summary>
public sealed record TokenResponse(
    string Id, string WorkflowId, int WorkflowVersion, string? State, IReadOnlyList<string> Places,
    IReadOnlyDictionary<string, int> Marking, string Status, long Version, JsonNode? Data, JsonNode? Metadata,
    long HistoryLength, string? TenantId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One history entry as the REST API shows it.</summary>
public sealed record HistoryEntryResponse(
    long Sequence, string TransitionId, string? FromState, string? ToState, IReadOnlyDictionary<string, int> Consumed,
    IReadOnlyDictionary<string, int> Produced, DateTimeOffset At, string? Actor, JsonNode? Data, string? IdempotencyKey);

/// <summary>A page of a token's history.</summary>
public sealed record HistoryPageResponse(IReadOnlyList<HistoryEntryResponse> Items, long? EndCursor, bool HasNextPage, long TotalCount);

/// <summary>The answer to a fire.</summary>
public sealed record FireResponse(TokenResponse Token, HistoryEntryResponse Entry, bool Replayed);

/// <summary>A workflow version as the REST API shows it.</summary>
public sealed record WorkflowResponse(
    string Id, int Version, string? Name, JsonNode? Definition, DateTimeOffset CreatedAt, string? TenantId,
    IReadOnlyList<ValidationIssueView> Warnings);

/// <summary>A rule as the REST API shows it.</summary>
public sealed record RuleResponse(
    string Id, string? Name, string? Description, int Version, IReadOnlyList<string> Tags, JsonNode? Rule, string? TenantId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The result of evaluating a rule.</summary>
public sealed record RuleEvaluationResponse(bool Passed, string? Reason, JsonNode? Trace);

/// <summary>The result of validating a definition without saving it.</summary>
public sealed record ValidationResponse(bool Valid, IReadOnlyList<ValidationIssueView> Errors, IReadOnlyList<ValidationIssueView> Warnings);

/// <summary>A page of a listing, with a cursor for the next.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? EndCursor, bool HasNextPage);

/// <summary>Conversions from grain views to responses (pure).</summary>
public static class ApiViews
{
    /// <summary>A token.</summary>
    public static TokenResponse Token(TokenView t) => new(
        t.Id, t.WorkflowId, t.WorkflowVersion, t.State, t.Places, t.Marking, t.Status, t.Version, Parse(t.DataJson),
        Parse(t.MetadataJson), t.HistoryLength, t.TenantId, t.CreatedAt, t.UpdatedAt);

    /// <summary>A history entry.</summary>
    public static HistoryEntryResponse Entry(HistoryEntryView e) => new(
        e.Sequence, e.TransitionId, e.FromState, e.ToState, e.Consumed, e.Produced, e.At, e.Actor,
        e.DataPatchJson is null ? null : Parse(e.DataPatchJson), e.IdempotencyKey);

    /// <summary>A workflow version.</summary>
    public static WorkflowResponse Workflow(WorkflowVersionView w)
    {
        var definition = Parse(w.DefinitionJson);
        var name = definition is JsonObject o && o["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null;
        return new(w.WorkflowId, w.Version, name, definition, w.CreatedAt, w.TenantId, w.Warnings);
    }

    /// <summary>A rule.</summary>
    public static RuleResponse Rule(RuleView r) => new(
        r.Id, r.Name, r.Description, r.Version, r.Tags, Parse(r.RuleJson), r.TenantId, r.CreatedAt, r.UpdatedAt);

    private static JsonNode? Parse(string json) => JsonNode.Parse(json);
}
