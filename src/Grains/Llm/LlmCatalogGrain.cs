using System.Text.Json;
using CircuitBreaker.Storage;
using Orleans;
using Orleans.Metadata;
using Orleans.Runtime;
using Orleans.Streams;

namespace CircuitBreaker.Grains.Llm;

/// <summary>
/// <see cref="ILlmCatalogGrain"/>: every change in order (a REST provider change sets only the fields it names, so a
/// later change does not replace an earlier one); each write also appends its audit event. Administrators change the
/// catalog rarely, so the whole list is one document.
/// </summary>
[GrainType("llm-catalog")]
public sealed class LlmCatalogGrain([PersistentState("catalog")] IPersistentState<LlmCatalogGrainState> state) : Grain, ILlmCatalogGrain
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public async Task<long> Record(LlmCatalogChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var previous = state.State.Changes;
        state.State.Changes = [.. previous, change];
        long sequence;
        try
        {
            sequence = (await state.WriteStateAsync([], null, new FeedAppend(LlmCatalogKeys.AuditFeed, JsonSerializer.Serialize(change, Json)))).GetValueOrDefault();
        }
        catch
        {
            state.State.Changes = previous;
            throw;
        }
        await this.GetStreamProvider(GrainStreams.ProviderName).GetStream<LlmCatalogChange>(LlmCatalogKeys.Stream, LlmCatalogKeys.Shared).OnNextAsync(change);
        return sequence;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LlmCatalogChange>> Changes() => Task.FromResult<IReadOnlyList<LlmCatalogChange>>(state.State.Changes);
}

/// <summary>Persisted state of <see cref="LlmCatalogGrain"/>.</summary>
public sealed class LlmCatalogGrainState : StateWithSideWrites
{
    /// <summary>Every change, oldest first.</summary>
    public List<LlmCatalogChange> Changes { get; set; } = [];
}
