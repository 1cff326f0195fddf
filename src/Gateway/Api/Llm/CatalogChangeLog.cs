using System.Text.Json;
using System.Text.Json.Serialization;
using CircuitBreaker.Gateway.Security;
using CircuitBreaker.Grains.Llm;
using CircuitBreaker.Llm.Catalog;
using Orleans;

namespace CircuitBreaker.Gateway.Api.Llm;

/// <summary>
/// Keeps administrators' catalog changes in the <see cref="ILlmCatalogGrain"/> (durable, audited in the feed
/// <see cref="LlmCatalogKeys.AuditFeed"/>) and replays them into a <see cref="CatalogStore"/>.
/// </summary>
public sealed class CatalogChangeLog(IGrainFactory grains, TimeProvider? time = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Records a provider change (with the models of a GraphQL <c>configureLlmProvider</c>, else null).</summary>
    public Task RecordProviderAsync(string id, ProviderOverride change, IReadOnlyList<ModelEntry>? models, Caller caller) =>
        RecordAsync(LlmCatalogKeys.Provider, id, JsonSerializer.Serialize(new ProviderChange(change, models), Json), caller);

    /// <summary>Records a virtual model change.</summary>
    public Task RecordVirtualModelAsync(VirtualModelEntry entry, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return RecordAsync(LlmCatalogKeys.VirtualModel, entry.Name, JsonSerializer.Serialize(entry, Json), caller);
    }

    /// <summary>Every recorded change, oldest first.</summary>
    public Task<IReadOnlyList<LlmCatalogChange>> ChangesAsync() => grains.GetGrain<ILlmCatalogGrain>(LlmCatalogKeys.Shared).Changes();

    /// <summary>Applies one recorded change to <paramref name="catalog"/> (validated as when it was made).</summary>
    public static void Apply(CatalogStore catalog, LlmCatalogChange change)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(change);
        switch (change.Kind)
        {
            case LlmCatalogKeys.Provider:
                var provider = JsonSerializer.Deserialize<ProviderChange>(change.Json, Json)!;
                if (provider.Models is { } models) catalog.ConfigureProvider(change.Id, provider.Override, models);
                else catalog.UpsertProvider(change.Id, provider.Override);
                break;
            case LlmCatalogKeys.VirtualModel:
                catalog.UpsertVirtualModel(JsonSerializer.Deserialize<VirtualModelEntry>(change.Json, Json)! with { Name = change.Id });
                break;
        }
    }

    /// <summary>The audit event's readable form (REST <c>GET /api/v1/llm/audit</c>).</summary>
    public static object AuditView(long sequence, LlmCatalogChange change) => new
    {
        sequence,
        change.Kind,
        change.Id,
        change.By,
        change.At,
        Change = JsonDocument.Parse(change.Json).RootElement,
    };

    private Task RecordAsync(string kind, string id, string json, Caller caller) =>
        grains.GetGrain<ILlmCatalogGrain>(LlmCatalogKeys.Shared).Record(new LlmCatalogChange(kind, id, json, caller.Identity, (time ?? TimeProvider.System).GetUtcNow()));

    private sealed record ProviderChange(ProviderOverride Override, IReadOnlyList<ModelEntry>? Models);
}
