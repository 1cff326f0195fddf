namespace CircuitBreaker.Llm.Catalog;

/// <summary>An immutable snapshot of providers, model prices and virtual models.</summary>
public sealed class LlmCatalog
{
    /// <summary>Builds a snapshot; later entries with the same id replace earlier ones.</summary>
    public LlmCatalog(IEnumerable<ProviderEntry> providers, IEnumerable<ModelEntry> models, IEnumerable<VirtualModelEntry> virtualModels)
    {
        Providers = providers.GroupBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);
        Models = [.. models.GroupBy(m => m.Key, StringComparer.OrdinalIgnoreCase).Select(g => g.Last())];
        VirtualModels = virtualModels.GroupBy(v => v.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);
        _byKey = Models.ToDictionary(m => m.Key, StringComparer.OrdinalIgnoreCase);
        _byModel = Models.ToLookup(m => m.Model, StringComparer.OrdinalIgnoreCase);
    }

    private readonly Dictionary<string, ModelEntry> _byKey;
    private readonly ILookup<string, ModelEntry> _byModel;

    /// <summary>Providers by id.</summary>
    public IReadOnlyDictionary<string, ProviderEntry> Providers { get; }
    /// <summary>Model price entries.</summary>
    public IReadOnlyList<ModelEntry> Models { get; }
    /// <summary>Virtual models by name.</summary>
    public IReadOnlyDictionary<string, VirtualModelEntry> VirtualModels { get; }

    /// <summary>
    /// Entries a model reference names: <c>provider/model</c> (an unpriced model of a known provider gets a zero-price entry),
    /// or a bare model id served by one or more providers.
    /// </summary>
    public IReadOnlyList<ModelEntry> Resolve(string reference)
    {
        if (_byKey.TryGetValue(reference, out var exact)) return [exact];
        var slash = reference.IndexOf('/');
        if (slash > 0 && Providers.ContainsKey(reference[..slash]))
            return [new ModelEntry { Provider = reference[..slash], Model = reference[(slash + 1)..], Capabilities = ["chat", "streaming", "tools"] }];
        return [.. _byModel[reference]];
    }
}
