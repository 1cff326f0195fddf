using System.Text.Json;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Tokens;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>Maps domain token types to the views grains return.</summary>
internal static class TokenViews
{
    public static TokenView View(TokenGrainState state)
    {
        var t = state.Token!;
        return new TokenView
        {
            Id = t.Id, WorkflowId = t.WorkflowId, WorkflowVersion = t.WorkflowVersion, Marking = Counts(t.Marking),
            Status = Status(t.Status), Version = state.Version, DataJson = t.Data.ToJsonString(), MetadataJson = t.Metadata.ToJsonString(),
            HistoryLength = t.LastSequence, TenantId = state.TenantId, CreatedAt = t.CreatedAt, UpdatedAt = t.UpdatedAt,
        };
    }

    public static HistoryEntryView View(HistoryEntry e) => new(e.Sequence, e.TransitionId, Counts(e.Consumed), Counts(e.Produced), e.At,
        e.Actor, e.DataPatch?.ToJsonString(), e.IdempotencyKey);

    public static string Status(TokenStatus status) => status.ToString().ToLowerInvariant();

    public static IReadOnlyDictionary<string, int> Counts(Marking marking) => marking.ToDictionary(kv => kv.Key, kv => kv.Value);

    public static string Serialize(HistoryEntry entry) => JsonSerializer.Serialize(entry);

    public static HistoryEntry Deserialize(string json) => JsonSerializer.Deserialize<HistoryEntry>(json)!;
}
