using System.Text.Json;

namespace CircuitBreaker.Llm.Catalog;

/// <summary>Reads the catalog JSON files (<c>providers.json</c>, <c>models.json</c>, <c>virtual-models.json</c>) of a folder.</summary>
public static class CatalogFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The folder copied next to the binaries.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "llm-catalog");

    /// <summary>Loads every file present; a malformed file raises <see cref="LlmException"/> (<c>CATALOG_INVALID</c>) naming it.</summary>
    public static (List<ProviderEntry> Providers, List<ModelEntry> Models, List<VirtualModelEntry> VirtualModels) Load(string directory)
    {
        var providers = Read<ProvidersFile>(Path.Combine(directory, "providers.json"))?.Providers ?? [];
        var models = Read<ModelsFile>(Path.Combine(directory, "models.json"))?.Models ?? [];
        var virtuals = Read<VirtualModelsFile>(Path.Combine(directory, "virtual-models.json"))?.VirtualModels ?? [];
        foreach (var p in providers)
            if (string.IsNullOrWhiteSpace(p.Id) || string.IsNullOrWhiteSpace(p.BaseUrl))
                throw new LlmException("CATALOG_INVALID", 500, $"providers.json: every provider needs an id and a baseUrl (got '{p.Id}')");
        return (providers, models, virtuals);
    }

    private static T? Read<T>(string path) where T : class
    {
        if (!File.Exists(path)) return null;
        try
        {
            // Shared read: an editor may still hold the file while the watcher fires.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return JsonSerializer.Deserialize<T>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new LlmException("CATALOG_INVALID", 500, $"{Path.GetFileName(path)}: {e.Message}");
        }
    }

    private sealed record ProvidersFile(List<ProviderEntry>? Providers);

    private sealed record ModelsFile(List<ModelEntry>? Models);

    private sealed record VirtualModelsFile(List<VirtualModelEntry>? VirtualModels);
}
