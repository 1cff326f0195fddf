namespace CircuitBreaker.Llm.Catalog;

/// <summary>
/// The live catalog: files from a folder, then configured overrides, then admin changes made at run time.
/// Reloads when a file changes (watcher) or on <see cref="Reload"/>; a broken file keeps the previous snapshot.
/// </summary>
public sealed class CatalogStore : IDisposable
{
    private readonly string? _directory;
    private readonly IReadOnlyList<KeyValuePair<string, ProviderOverride>> _configuredProviders;
    private readonly IReadOnlyList<ModelEntry> _configuredModels;
    private readonly IReadOnlyList<VirtualModelEntry> _configuredVirtuals;
    private readonly List<KeyValuePair<string, ProviderOverride>> _adminProviders = [];
    private readonly Dictionary<string, VirtualModelEntry> _adminVirtuals = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<ModelEntry>> _adminModels = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (DateTimeOffset Created, DateTimeOffset Updated)> _adminTimes = new(StringComparer.OrdinalIgnoreCase);
    private readonly UnpricedModelPolicy _unpriced;
    private readonly Lock _gate = new();
    private readonly FileSystemWatcher? _watcher;
    private volatile LlmCatalog _current;

    /// <summary>Loads <paramref name="directory"/> (null = no files) and layers the configured entries over it.</summary>
    public CatalogStore(string? directory, IEnumerable<KeyValuePair<string, ProviderOverride>>? providers = null, IEnumerable<ModelEntry>? models = null,
        IEnumerable<VirtualModelEntry>? virtualModels = null, bool watch = false, UnpricedModelPolicy? unpriced = null)
    {
        _directory = directory;
        _unpriced = unpriced ?? UnpricedModelPolicy.Default;
        _configuredProviders = [.. providers ?? []];
        _configuredModels = [.. models ?? []];
        _configuredVirtuals = [.. virtualModels ?? []];
        _current = Build();
        if (watch && directory is not null && Directory.Exists(directory))
        {
            _watcher = new FileSystemWatcher(directory, "*.json") { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            _watcher.Changed += (_, _) => TryReload();
            _watcher.Created += (_, _) => TryReload();
            _watcher.Renamed += (_, _) => TryReload();
            _watcher.EnableRaisingEvents = true;
        }
    }

    /// <summary>Checks the base URL of every provider added or changed at run time (null = any absolute URL).</summary>
    public Providers.BaseUrlPolicy? BaseUrlPolicy { get; init; }

    /// <summary>The snapshot in force.</summary>
    public LlmCatalog Current => _current;

    /// <summary>Last reload error (null after a good load).</summary>
    public string? LastError { get; private set; }

    /// <summary>Re-reads the files; throws <see cref="LlmException"/> when one is invalid (the previous snapshot stays).</summary>
    public LlmCatalog Reload()
    {
        lock (_gate)
        {
            _current = Build();
            LastError = null;
            return _current;
        }
    }

    /// <summary>Adds a provider or changes the given fields of one at run time (admin API); an unusable result is refused and not kept.</summary>
    public LlmCatalog UpsertProvider(string id, ProviderOverride change)
    {
        lock (_gate)
        {
            _adminProviders.Add(new(id, change));
            try
            {
                var next = Build();
                var entry = next.Providers[id];
                if (string.IsNullOrWhiteSpace(entry.BaseUrl) || !Uri.TryCreate(entry.BaseUrl, UriKind.Absolute, out _))
                    throw new LlmException("PROVIDER_INVALID", 400, $"provider '{id}' needs an absolute baseUrl");
                if (BaseUrlPolicy?.Refusal(entry.BaseUrl) is { } refusal)
                    throw new LlmException("PROVIDER_BASE_URL_REFUSED", 400, $"provider '{id}': baseUrl refused: {refusal}");
                if (entry.Adapter is not ("openai" or "anthropic" or "gemini"))
                    throw new LlmException("PROVIDER_INVALID", 400, $"adapter must be openai, anthropic or gemini, got '{entry.Adapter}'");
                if (ProviderCredentials.ParseAuth(entry.Auth) is null)
                    throw new LlmException("PROVIDER_INVALID", 400, $"auth must be bearer, api-key, x-api-key, x-goog-api-key or none, got '{entry.Auth}'");
                var now = DateTimeOffset.UtcNow;
                _adminTimes[id] = (_adminTimes.TryGetValue(id, out var t) ? t.Created : now, now);
                return _current = next;
            }
            catch
            {
                _adminProviders.RemoveAt(_adminProviders.Count - 1);
                throw;
            }
        }
    }

    /// <summary>
    /// Adds or changes a provider and replaces the models it was given at run time (GraphQL <c>configureLlmProvider</c>),
    /// as one change: an unusable provider is refused and nothing is kept.
    /// </summary>
    public LlmCatalog ConfigureProvider(string id, ProviderOverride change, IReadOnlyList<ModelEntry> models)
    {
        lock (_gate)
        {
            var previous = _adminModels.GetValueOrDefault(id);
            _adminModels[id] = [.. models.Select(m => m with { Provider = id })];
            try
            {
                return UpsertProvider(id, change);
            }
            catch
            {
                if (previous is null) _adminModels.Remove(id);
                else _adminModels[id] = previous;
                throw;
            }
        }
    }

    /// <summary>When a provider was first and last changed at run time (null when never).</summary>
    public (DateTimeOffset Created, DateTimeOffset Updated)? ChangedAt(string id)
    {
        lock (_gate) return _adminTimes.TryGetValue(id, out var t) ? t : null;
    }

    /// <summary>Adds or replaces a virtual model at run time (admin API).</summary>
    public LlmCatalog UpsertVirtualModel(VirtualModelEntry entry)
    {
        lock (_gate)
        {
            _adminVirtuals[entry.Name] = entry;
            return _current = Build();
        }
    }

    private void TryReload()
    {
        try { Reload(); }
        catch (LlmException e) { LastError = e.Message; }
        catch (IOException e) { LastError = e.Message; }
    }

    private LlmCatalog Build()
    {
        var (providers, models, virtuals) = _directory is null ? ([], [], []) : CatalogFiles.Load(_directory);
        var merged = providers.GroupBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);
        foreach (var (id, change) in _configuredProviders.Concat(_adminProviders))
            merged[id] = change.ApplyTo(id, merged.GetValueOrDefault(id));
        return new LlmCatalog(
            merged.Values,
            [.. models, .. _configuredModels, .. _adminModels.Values.SelectMany(m => m)],
            [.. virtuals, .. _configuredVirtuals, .. _adminVirtuals.Values],
            _unpriced);
    }

    /// <inheritdoc />
    public void Dispose() => _watcher?.Dispose();
}
