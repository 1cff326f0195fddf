using System.Text.Json;
using CircuitBreaker.Storage;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>A workflow event as kept in the durable feed (the token itself is not copied: only what changed).</summary>
/// <param name="Sequence">Its position on the stream <c>workflow/{id}</c>: 1, 2, 3, … in commit order, without holes.</param>
/// <param name="Kind"><c>created</c>, <c>fired</c>, <c>completed</c>, <c>cancelled</c> or <c>updated</c>.</param>
/// <param name="TokenId">The token that changed.</param>
/// <param name="WorkflowId">Its workflow.</param>
/// <param name="TokenSequence">The token's history sequence of the change (0 for creation and data/metadata updates).</param>
/// <param name="TransitionId">The fired transition, if any.</param>
/// <param name="At">When the change committed.</param>
public sealed record WorkflowEventRecord(long Sequence, string Kind, string TokenId, string WorkflowId, long TokenSequence, string? TransitionId, DateTimeOffset At);

/// <summary>
/// The durable feed behind the stream <c>workflow/{id}</c>. The token grain appends one event per change in the same
/// storage transaction as the change (so an event exists exactly when its change committed); readers page through it
/// by sequence to replay what a subscriber missed. Reads go to the storage's primary key, not through grains.
/// </summary>
public sealed class WorkflowEventLog(IStateStore storage)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The feed name of the events of <paramref name="tenantId"/>'s workflow <paramref name="workflowId"/> (keyed like the workflow grain).</summary>
    public static string FeedOf(string? tenantId, string workflowId) => WorkflowGrainTypes.WorkflowStream + "/" + TenantKeys.Of(tenantId, workflowId);

    /// <summary>The feed event a token change appends (written by <see cref="TokenGrain"/>); ids are the owner's names.</summary>
    public static FeedAppend Append(string? tenantId, string workflowId, string kind, string tokenId, long tokenSequence, string? transitionId) =>
        new(FeedOf(tenantId, workflowId), JsonSerializer.Serialize(new Payload(kind, tokenId, tokenSequence, transitionId), Json));

    /// <summary>Events with a sequence greater than <paramref name="afterSequence"/>, oldest first, at most <paramref name="first"/> (1..1000).</summary>
    public async Task<IReadOnlyList<WorkflowEventRecord>> ReadAsync(string? tenantId, string workflowId, long afterSequence, int first = 100, CancellationToken cancellationToken = default)
    {
        var entries = await storage.ReadFeedAsync(FeedOf(tenantId, workflowId), afterSequence, Math.Clamp(first, 1, 1000), cancellationToken: cancellationToken);
        return [.. entries.Select(e => Record(workflowId, e))];
    }

    /// <summary>The sequence of the workflow's newest event, 0 when it has none.</summary>
    public async Task<long> LastSequenceAsync(string? tenantId, string workflowId, CancellationToken cancellationToken = default)
    {
        var newest = await storage.ReadFeedAsync(FeedOf(tenantId, workflowId), 0, 1, descending: true, cancellationToken);
        return newest.Count == 0 ? 0 : newest[0].Sequence;
    }

    private static WorkflowEventRecord Record(string workflowId, FeedEntry entry)
    {
        var payload = JsonSerializer.Deserialize<Payload>(entry.Json, Json)!;
        return new WorkflowEventRecord(entry.Sequence, payload.Kind, payload.TokenId, workflowId, payload.TokenSequence, payload.TransitionId, entry.CreatedAt);
    }

    private sealed record Payload(string Kind, string TokenId, long TokenSequence, string? TransitionId);
}
