namespace CircuitBreaker.Llm.Catalog;

/// <summary>An immutable snapshot of providers, model prices and virtual models.</summary>
public sealed class LlmCatalog
{
    /// <summary>Builds a snapshot; later entries with the same id replace earlier ones.</summary>
    /// <param name="providers">Providers.</param>
    /// <param name="models">Priced models.</param>
    /// <param name="virtualModels">Virtual models.</param>
    /// <param name="unpriced">What a model without a price costs (default: <see cref="UnpricedModelPolicy.Default"/>).</param>
    public LlmCatalog(IEnumerable<ProviderEntry> providers, IEnumerable<ModelEntry> models, IEnumerable<VirtualModelEntry> virtualModels,
        UnpricedModelPolicy? unpriced = null)
    {
        Unpriced = unpriced ?? UnpricedModelPolicy.Default;
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
    /// <summary>How models without a price are treated.</summary>
    public UnpricedModelPolicy Unpriced { get; }

    /// <summary>
    /// Entries a model reference names: <c>provider/model</c> (a model of a known provider that has no price gets an
    /// entry from <see cref="Unpriced"/>: the default price, free, or marked <see cref="ModelEntry.Unpriced"/>),
    /// or a bare model id served by one or more providers.
    /// </summary>
    public IReadOnlyList<ModelEntry> Resolve(string reference)
    {
        if (_byKey.TryGetValue(reference, out var exact)) return [exact];
        var slash = reference.IndexOf('/');
        if (slash > 0 && Providers.ContainsKey(reference[..slash]))
            return [Unpriced.EntryFor(reference[..slash], reference[(slash + 1)..])];
        return [.. _byModel[reference]];
    }
}
