using Orleans.Concurrency;

namespace CircuitBreaker.Grains.Llm;

/// <summary>
/// The administrators' changes to the shared LLM catalog (providers and virtual models), kept so they survive a restart
/// and audited: each change is also appended to the feed <see cref="LlmCatalogKeys.AuditFeed"/> in the same storage
/// transaction (who, when, what), and published on stream <see cref="LlmCatalogKeys.Stream"/> for the other gateways.
/// One grain per cluster (key <see cref="LlmCatalogKeys.Shared"/>).
/// </summary>
public interface ILlmCatalogGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="change"/> after the earlier ones and audits it; returns its audit sequence.</summary>
    Task<long> Record(LlmCatalogChange change);

    /// <summary>Every change, in the order they were made (replaying them in order rebuilds the administrators' catalog).</summary>
    [ReadOnly]
    Task<IReadOnlyList<LlmCatalogChange>> Changes();
}

/// <summary>One administrator change of the LLM catalog.</summary>
/// <param name="Kind"><see cref="LlmCatalogKeys.Provider"/> or <see cref="LlmCatalogKeys.VirtualModel"/>.</param>
/// <param name="Id">The provider id or virtual model name.</param>
/// <param name="Json">What was set, as the administrator sent it (a provider override or a virtual model); never a secret, which stays in configuration.</param>
/// <param name="By">Who made it (the credential's identity, e.g. <c>key:…</c>, never the secret).</param>
/// <param name="At">When.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.LlmCatalogChange")]
public sealed record LlmCatalogChange(string Kind, string Id, string Json, string By, DateTimeOffset At);

/// <summary>Names of the catalog grain, its audit feed and its stream.</summary>
public static class LlmCatalogKeys
{
    /// <summary>The one grain's key.</summary>
    public const string Shared = "shared";
    /// <summary>The feed of audit events.</summary>
    public const string AuditFeed = "llm-catalog/audit";
    /// <summary>The stream namespace of changes.</summary>
    public const string Stream = "llm-catalog";
    /// <summary>Kind of a provider change.</summary>
    public const string Provider = "provider";
    /// <summary>Kind of a virtual model change.</summary>
    public const string VirtualModel = "virtual-model";
}
