using Orleans.Concurrency;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>
/// One token (work item) of a workflow (key = token id). Its fires are serialized by the grain, each one
/// durable (new marking and history entry in one transaction) before the reply.
/// </summary>
public interface ITokenGrain : IGrainWithStringKey
{
    /// <summary>Creates the token in the latest (or a given) version of a workflow.</summary>
    Task<TokenView> Create(CreateTokenRequest request);

    /// <summary>The token, or null when it does not exist.</summary>
    [ReadOnly]
    Task<TokenView?> Get();

    /// <summary>Fires a transition. Repeating an idempotency key returns the original result and fires nothing.</summary>
    /// <exception cref="WorkflowException">Not enabled, guard failed, version conflict, unknown transition, not active.</exception>
    Task<FireResult> Fire(FireTransitionRequest request);

    /// <summary>Transitions enabled by the marking, each with its guard's result and reason.</summary>
    [ReadOnly]
    Task<IReadOnlyList<AvailableTransitionView>> AvailableTransitions();

    /// <summary>History entries after <paramref name="afterSequence"/> (or before it when descending), at most <paramref name="first"/>.</summary>
    [ReadOnly]
    Task<HistoryPageView> History(long afterSequence = 0, int first = 100, bool descending = false);

    /// <summary>Applies a JSON merge patch (or replaces the data when <paramref name="replace"/>) to the token's data.</summary>
    Task<TokenView> UpdateData(string dataJson, bool replace = false, long? expectedVersion = null);

    /// <summary>Applies a JSON merge patch to the token's metadata.</summary>
    Task<TokenView> SetMetadata(string metadataPatchJson);

    /// <summary>Cancels an active token.</summary>
    Task<TokenView> Cancel(string? reason = null, string? actor = null);
}

/// <summary>What <see cref="ITokenGrain.Create"/> needs.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.CreateTokenRequest")]
public sealed record CreateTokenRequest(string WorkflowId)
{
    /// <summary>The workflow version (default: latest).</summary>
    public int? WorkflowVersion { get; init; }
    /// <summary>Start in this place instead of the initial marking.</summary>
    public string? StartPlace { get; init; }
    /// <summary>Initial data (a JSON object).</summary>
    public string? DataJson { get; init; }
    /// <summary>Initial metadata (a JSON object).</summary>
    public string? MetadataJson { get; init; }
    /// <summary>The tenant creating it (must own the workflow).</summary>
    public string? TenantId { get; init; }
}

/// <summary>What <see cref="ITokenGrain.Fire"/> needs.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.FireTransitionRequest")]
public sealed record FireTransitionRequest(string TransitionId)
{
    /// <summary>A JSON merge patch applied to the data before the guard is evaluated.</summary>
    public string? DataPatchJson { get; init; }
    /// <summary>Makes a retry safe: the same key returns the first result.</summary>
    public string? IdempotencyKey { get; init; }
    /// <summary>Fire only when the token's version equals this.</summary>
    public long? ExpectedVersion { get; init; }
    /// <summary>Who fires (recorded in history).</summary>
    public string? Actor { get; init; }
    /// <summary>The caller's tenant; a token of another tenant is reported as not found.</summary>
    public string? TenantId { get; init; }
}

/// <summary>The result of a fire.</summary>
/// <param name="Token">The token after the fire.</param>
/// <param name="Entry">The history entry it wrote.</param>
/// <param name="Replayed">True when an earlier fire with the same idempotency key is returned.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.FireResult")]
public sealed record FireResult(TokenView Token, HistoryEntryView Entry, bool Replayed);

/// <summary>A token as seen from outside.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.TokenView")]
public sealed record TokenView
{
    /// <summary>Token id.</summary>
    public required string Id { get; init; }
    /// <summary>Workflow id.</summary>
    public required string WorkflowId { get; init; }
    /// <summary>The workflow version the token runs on.</summary>
    public int WorkflowVersion { get; init; }
    /// <summary>Tokens per place.</summary>
    public required IReadOnlyDictionary<string, int> Marking { get; init; }
    /// <summary>The one marked place, or null when none or several are marked.</summary>
    public string? State => Marking.Count == 1 ? Marking.Keys.First() : null;
    /// <summary>Marked places.</summary>
    public IReadOnlyList<string> Places => [.. Marking.Keys];
    /// <summary><c>active</c>, <c>completed</c> or <c>cancelled</c>.</summary>
    public required string Status { get; init; }
    /// <summary>Increases with every change (fire, data update, cancel); used by <c>expectedVersion</c>.</summary>
    public long Version { get; init; }
    /// <summary>The token's data (a JSON object).</summary>
    public required string DataJson { get; init; }
    /// <summary>The token's metadata (a JSON object).</summary>
    public required string MetadataJson { get; init; }
    /// <summary>Number of history entries.</summary>
    public long HistoryLength { get; init; }
    /// <summary>The owning tenant, if any.</summary>
    public string? TenantId { get; init; }
    /// <summary>Creation time.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last change.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One firing in a token's history.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.HistoryEntryView")]
public sealed record HistoryEntryView(
    long Sequence, string TransitionId, IReadOnlyDictionary<string, int> Consumed, IReadOnlyDictionary<string, int> Produced,
    DateTimeOffset At, string? Actor, string? DataPatchJson, string? IdempotencyKey)
{
    /// <summary>The place consumed from when exactly one was (the seeds' <c>fromState</c>).</summary>
    public string? FromState => Consumed.Count >= 1 ? Consumed.Keys.First() : null;
    /// <summary>The place produced into when exactly one was (the seeds' <c>toState</c>).</summary>
    public string? ToState => Produced.Count >= 1 ? Produced.Keys.First() : null;
}

/// <summary>A page of history.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.HistoryPageView")]
public sealed record HistoryPageView(IReadOnlyList<HistoryEntryView> Entries, bool HasMore, long TotalCount);

/// <summary>A transition enabled by the marking, with its guard's verdict.</summary>
/// <param name="TransitionId">The transition.</param>
/// <param name="Name">Its display name.</param>
/// <param name="To">Places it marks.</param>
/// <param name="GuardPassed">True when it can fire now.</param>
/// <param name="Reason">Why the guard failed, if it did.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.AvailableTransitionView")]
public sealed record AvailableTransitionView(string TransitionId, string? Name, IReadOnlyList<string> To, bool GuardPassed, string? Reason);

/// <summary>
/// An event on the streams <c>token/{id}</c> and <c>workflow/{id}</c>, published after its change committed. It carries
/// one durable sequence per stream: <see cref="TokenSequence"/> orders the token stream, <see cref="WorkflowSequence"/>
/// the workflow stream; subscribers resume with them (the in-memory stream's own numbering is per process).
/// </summary>
/// <param name="Kind"><c>created</c>, <c>fired</c>, <c>completed</c>, <c>cancelled</c> or <c>updated</c>.</param>
/// <param name="TokenId">The token.</param>
/// <param name="WorkflowId">Its workflow.</param>
/// <param name="TokenSequence">The token's history sequence (durable). Creation and data/metadata updates are no
/// history entries: they carry 0 and are not replayed on the token stream (the workflow stream replays them).</param>
/// <param name="TransitionId">The fired transition, if any.</param>
/// <param name="Token">The token after the change.</param>
/// <param name="WorkflowSequence">The event's sequence in the workflow's durable feed: 1, 2, 3, … per workflow, in
/// commit order, written in the same transaction as the change.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.TokenEvent")]
public sealed record TokenEvent(string Kind, string TokenId, string WorkflowId, long TokenSequence, string? TransitionId, TokenView Token, long WorkflowSequence);
