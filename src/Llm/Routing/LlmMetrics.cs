using System.Diagnostics;
using System.Diagnostics.Metrics;
using CircuitBreaker.Llm.Model;

namespace CircuitBreaker.Llm.Routing;

/// <summary>
/// The router's instruments, on the product meter <c>CircuitBreaker</c> (the grains' instruments use the same name; the
/// Llm assembly does not reference them): <c>cb_llm_requests_total</c> by provider, model and outcome (<c>success</c>,
/// <c>failed</c>, <c>breaker_open</c>, one per attempt, so a fallback counts its failed and its answered attempt),
/// <c>cb_llm_tokens_total</c> by provider, model and kind (<c>prompt</c>, <c>completion</c>) and <c>cb_llm_cost_usd_total</c>
/// by provider and model, for every charged call. Providers and models come from the catalog, so their number bounds
/// the cardinality.
/// </summary>
internal static class LlmMetrics
{
    private static readonly Meter Meter = new("CircuitBreaker");

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "cb.llm.requests", "{request}", "LLM provider attempts, by provider, model and outcome.");

    private static readonly Counter<long> Tokens = Meter.CreateCounter<long>(
        "cb.llm.tokens", "{token}", "LLM tokens charged, by provider, model and kind (prompt, completion).");

    private static readonly Counter<double> Cost = Meter.CreateCounter<double>(
        "cb.llm.cost.usd", "{USD}", "LLM cost charged, by provider and model.");

    /// <summary>Counts one attempt.</summary>
    public static void Attempt(string provider, string model, string outcome)
    {
        if (Requests.Enabled) Requests.Add(1, new TagList { { "provider", provider }, { "model", model }, { "outcome", outcome } });
    }

    /// <summary>Counts the usage and cost of one charged call.</summary>
    public static void Charged(string provider, string model, LlmUsage usage, decimal cost)
    {
        if (Tokens.Enabled)
        {
            Tokens.Add(usage.PromptTokens, new TagList { { "provider", provider }, { "model", model }, { "kind", "prompt" } });
            Tokens.Add(usage.CompletionTokens, new TagList { { "provider", provider }, { "model", model }, { "kind", "completion" } });
        }
        if (Cost.Enabled) Cost.Add((double)cost, new TagList { { "provider", provider }, { "model", model } });
    }
}
