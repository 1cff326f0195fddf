using CircuitBreaker.Llm.Catalog;

namespace CircuitBreaker.Llm.Tests;

/// <summary>The shipped catalog files, overrides, admin changes and reloading.</summary>
public sealed class CatalogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llm-catalog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Shipped_catalog_has_fifty_providers_priced_models_and_the_seed_virtual_models()
    {
        var catalog = new CatalogStore(CatalogFiles.DefaultDirectory).Current;
        Assert.True(catalog.Providers.Count >= 50, $"{catalog.Providers.Count} providers");
        Assert.All(catalog.Providers.Values, p =>
        {
            Assert.Contains(p.Adapter, new[] { "openai", "anthropic", "gemini" });
            Assert.True(Uri.TryCreate(p.BaseUrl, UriKind.Absolute, out _), p.Id);
            Assert.NotNull(ProviderCredentials.ParseAuth(p.Auth));
        });
        Assert.All(catalog.Models, m => Assert.True(catalog.Providers.ContainsKey(m.Provider), m.Key));
        Assert.Equal(0.0000025m, catalog.Resolve("openai/gpt-4o")[0].InputPerToken);
        foreach (var name in new[] { "auto", "cb:smart-chat", "cb:cost-optimal", "cb:fastest", "cb:coding", "cb:analysis", "cb:creative" })
        {
            var v = Assert.Contains(name, catalog.VirtualModels);
            Assert.All(v.Models, reference => Assert.NotEmpty(catalog.Resolve(reference)));
            Assert.NotNull(Routing.RoutingStrategies.Parse(v.Strategy));
        }
    }

    [Fact]
    public void Configured_override_changes_only_given_fields_and_can_add_providers()
    {
        var store = new CatalogStore(CatalogFiles.DefaultDirectory, [
            new("openai", new ProviderOverride { BaseUrl = "http://127.0.0.1:9/v1" }),
            new("mine", new ProviderOverride { BaseUrl = "http://10.0.0.1:8000/v1", Auth = "none" }),
        ]);
        var openai = store.Current.Providers["openai"];
        Assert.Equal("http://127.0.0.1:9/v1", openai.BaseUrl);
        Assert.Equal("OPENAI_API_KEY", openai.ApiKeyEnv);
        Assert.Equal("openai", store.Current.Providers["mine"].Adapter);
    }

    [Fact]
    public void Admin_upsert_refuses_unusable_providers_and_keeps_the_previous_catalog()
    {
        var store = new CatalogStore(CatalogFiles.DefaultDirectory);
        var e = Assert.Throws<LlmException>(() => store.UpsertProvider("bad", new ProviderOverride { BaseUrl = "not a url" }));
        Assert.Equal("PROVIDER_INVALID", e.Code);
        Assert.False(store.Current.Providers.ContainsKey("bad"));
        Assert.Throws<LlmException>(() => store.UpsertProvider("openai", new ProviderOverride { Adapter = "telnet" }));
        Assert.Equal("openai", store.Current.Providers["openai"].Adapter);
        store.UpsertProvider("openai", new ProviderOverride { TimeoutMs = 1234 });
        Assert.Equal(1234, store.Current.Providers["openai"].TimeoutMs);
    }

    [Fact]
    public async Task File_changes_reload_without_restart_and_a_broken_file_keeps_the_last_good_catalog()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "providers.json"), """{"providers":[{"id":"one","adapter":"openai","baseUrl":"http://a/v1"}]}""");
        using var store = new CatalogStore(_dir, watch: true);
        Assert.Single(store.Current.Providers);

        await File.WriteAllTextAsync(Path.Combine(_dir, "providers.json"), """{"providers":[{"id":"one","adapter":"openai","baseUrl":"http://a/v1"},{"id":"two","adapter":"gemini","baseUrl":"http://b"}]}""");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (store.Current.Providers.Count < 2 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(2, store.Current.Providers.Count);

        await File.WriteAllTextAsync(Path.Combine(_dir, "providers.json"), """{"providers":[{"id":"one",""");
        var e = Assert.Throws<LlmException>(() => store.Reload());
        Assert.Equal("CATALOG_INVALID", e.Code);
        Assert.Contains("providers.json", e.Message);
        Assert.Equal(2, store.Current.Providers.Count);
    }

    [Fact]
    public void Keys_come_from_configured_secrets_first_then_environment()
    {
        var p = new ProviderEntry { Id = "x", BaseUrl = "http://x", ApiKeyId = "team-key", ApiKeyEnv = "X_KEY" };
        var creds = new ProviderCredentials(id => id == "team-key" ? "from-config" : null, env => env == "X_KEY" ? "from-env" : null);
        Assert.Equal("from-config", creds.KeyOf(p));
        Assert.Equal("from-env", creds.KeyOf(p with { ApiKeyId = "other" }));
        Assert.False(creds.IsUsable(p with { ApiKeyId = null, ApiKeyEnv = "MISSING" }));
        Assert.True(creds.IsUsable(p with { ApiKeyId = null, ApiKeyEnv = null, Auth = "none" }));
    }
}
