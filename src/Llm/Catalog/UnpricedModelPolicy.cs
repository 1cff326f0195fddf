namespace CircuitBreaker.Llm.Catalog;

/// <summary>
/// What happens to a model that a known provider is asked for but that has no price in the catalog
/// (configuration <c>Llm:UnpricedModels:*</c>). A made-up price of zero would let such calls bypass every budget, so
/// by default they are refused whenever the call is charged to a budget scope (code <c>MODEL_UNPRICED</c>).
/// </summary>
public sealed record UnpricedModelPolicy
{
    /// <summary>The default: refuse unpriced models for charged calls, allow them for uncharged ones.</summary>
    public static UnpricedModelPolicy Default { get; } = new();

    /// <summary>Charge unpriced models nothing, even on budgets (for self-hosted models that cost nothing per call).</summary>
    public bool AllowFree { get; init; }

    /// <summary>USD per million input tokens charged for an unpriced model; with <see cref="DefaultOutputPerMTok"/>, wins over <see cref="AllowFree"/>.</summary>
    public decimal? DefaultInputPerMTok { get; init; }

    /// <summary>USD per million output tokens charged for an unpriced model.</summary>
    public decimal? DefaultOutputPerMTok { get; init; }

    /// <summary>True when a default price is configured.</summary>
    public bool HasDefaultPrice => DefaultInputPerMTok is not null || DefaultOutputPerMTok is not null;

    /// <summary>The entry for <paramref name="model"/> at <paramref name="provider"/>, which has no price of its own.</summary>
    public ModelEntry EntryFor(string provider, string model) => new()
    {
        Provider = provider,
        Model = model,
        Capabilities = ["chat", "streaming", "tools"],
        InputPerMTok = DefaultInputPerMTok ?? 0,
        OutputPerMTok = DefaultOutputPerMTok ?? 0,
        // A default price or an explicit "free" is the operator's decision; otherwise the price is simply unknown.
        Unpriced = !HasDefaultPrice && !AllowFree,
    };
}
