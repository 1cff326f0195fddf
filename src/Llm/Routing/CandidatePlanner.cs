using CircuitBreaker.Llm.Catalog;
using CircuitBreaker.Llm.Model;

namespace CircuitBreaker.Llm.Routing;

/// <summary>
/// Pure: turns a request into the ordered list of (provider, model) candidates to try, from the catalog, the request's
/// <c>circuit_breaker</c> options and what is known about recent calls. No I/O; randomness and time are passed in.
/// </summary>
public static class CandidatePlanner
{
    /// <summary>Plans <paramref name="request"/>; throws <see cref="LlmException"/> for an unknown model or strategy.</summary>
    /// <param name="catalog">Providers, prices, virtual models.</param>
    /// <param name="request">The request.</param>
    /// <param name="usable">Whether a provider can be called (enabled, key present).</param>
    /// <param name="stats">Latency, load and cool-downs.</param>
    /// <param name="random">For weighted order.</param>
    /// <param name="now">For cool-downs.</param>
    public static RoutePlan Plan(LlmCatalog catalog, ChatRequest request, Func<ProviderEntry, bool> usable, IRouteStats stats, Random random, DateTimeOffset now)
    {
        var options = request.Routing ?? new RoutingOptions();
        catalog.VirtualModels.TryGetValue(request.Model, out var virtualModel);
        var strategyName = options.RoutingStrategy ?? virtualModel?.Strategy;
        var strategy = strategyName is null ? RoutingStrategy.Failover
            : RoutingStrategies.Parse(strategyName) ?? throw new LlmException("INVALID_ROUTING_STRATEGY", 400,
                $"unknown routing_strategy '{strategyName}' (failover, cost_optimized, latency_optimized, weighted, least_busy, task_specific)");
        var taskType = options.TaskType ?? virtualModel?.TaskType;
        var skipped = new List<SkippedCandidate>();

        IEnumerable<ModelEntry> primary;
        if (virtualModel is not null)
        {
            primary = virtualModel.Models.Count == 0
                ? catalog.Models.Where(m => m.Has("chat"))
                : virtualModel.Models.SelectMany(reference => ResolveOrSkip(catalog, reference, skipped));
        }
        else
        {
            var resolved = catalog.Resolve(request.Model);
            if (resolved.Count == 0 && options.FallbackModels is not { Count: > 0 })
                throw new LlmException("MODEL_NOT_FOUND", 404, $"model '{request.Model}' is neither a virtual model nor served by a catalog provider");
            if (resolved.Count == 0) skipped.Add(new SkippedCandidate("", request.Model, "model not in the catalog"));
            primary = resolved;
        }

        var weights = virtualModel?.Weights;
        var firstGroup = Filter(primary, catalog, request, options, usable, stats, now, skipped, isFallback: false);
        var ordered = Order(firstGroup, strategy, taskType, request, stats, random, weights).ToList();
        var seen = new HashSet<string>(ordered.Select(c => c.Key), StringComparer.OrdinalIgnoreCase);
        foreach (var reference in options.FallbackModels ?? [])
        {
            foreach (var c in Filter(ResolveOrSkip(catalog, reference, skipped), catalog, request, options, usable, stats, now, skipped, isFallback: true))
                if (seen.Add(c.Key)) ordered.Add(c);
        }
        if (options.PreferredProviders is { Count: > 0 } preferred)
        {
            // Stable: preferred providers first in the order given, everything else keeps its place.
            ordered = [.. ordered.Select((c, i) => (c, i))
                .OrderBy(x => Rank(preferred, x.c.Provider.Id)).ThenBy(x => x.i).Select(x => x.c)];
        }
        return new RoutePlan(request.Model, virtualModel?.Name, strategy, taskType, ordered, skipped);
    }

    private static int Rank(List<string> preferred, string provider)
    {
        var i = preferred.FindIndex(p => string.Equals(p, provider, StringComparison.OrdinalIgnoreCase));
        return i < 0 ? int.MaxValue : i;
    }

    private static IEnumerable<ModelEntry> ResolveOrSkip(LlmCatalog catalog, string reference, List<SkippedCandidate> skipped)
    {
        var r = catalog.Resolve(reference);
        if (r.Count == 0) skipped.Add(new SkippedCandidate("", reference, "model not in the catalog"));
        return r;
    }

    private static List<Candidate> Filter(IEnumerable<ModelEntry> models, LlmCatalog catalog, ChatRequest request, RoutingOptions options,
        Func<ProviderEntry, bool> usable, IRouteStats stats, DateTimeOffset now, List<SkippedCandidate> skipped, bool isFallback)
    {
        var result = new List<Candidate>();
        foreach (var m in models)
        {
            string? why = null;
            if (!catalog.Providers.TryGetValue(m.Provider, out var provider)) why = "provider not in the catalog";
            else if (!provider.Enabled) why = "provider disabled";
            else if (!usable(provider)) why = "no API key configured";
            else if (m.Capabilities.Count > 0 && !m.Has("chat")) why = "not a chat model";
            else if (request.Tools is { Count: > 0 } && m.Capabilities.Count > 0 && !m.Has("tools")) why = "model does not support tools";
            else if (options.MaxCostPer1kTokens is { } maxCost && m.BlendedPer1k > maxCost) why = $"costs {m.BlendedPer1k:0.######} per 1k tokens, above max_cost_per_1k_tokens {maxCost}";
            else if (options.MaxLatencyMs is { } maxLatency && stats.LatencyMs(m.Key) is { } lat && lat > maxLatency) why = $"average latency {lat:0} ms above max_latency_ms {maxLatency}";
            else if (stats.CoolingDownUntil(m.Provider) is { } until && until > now) why = $"provider asked to retry after {(until - now).TotalSeconds:0.#} s";
            if (why is not null)
            {
                skipped.Add(new SkippedCandidate(m.Provider, m.Model, why));
                continue;
            }
            result.Add(new Candidate(m, provider!, isFallback));
        }
        return result;
    }

    private static IEnumerable<Candidate> Order(List<Candidate> candidates, RoutingStrategy strategy, string? taskType, ChatRequest request,
        IRouteStats stats, Random random, Dictionary<string, double>? weights)
    {
        var indexed = candidates.Select((c, i) => (c, i)).ToList();
        switch (strategy)
        {
            case RoutingStrategy.CostOptimized:
                return indexed.OrderBy(x => TokenEstimator.Cost(request, x.c.Model)).ThenBy(x => x.i).Select(x => x.c);
            case RoutingStrategy.LatencyOptimized:
                return indexed.OrderBy(x => (request.Stream ? stats.TimeToFirstTokenMs(x.c.Key) ?? stats.LatencyMs(x.c.Key) : stats.LatencyMs(x.c.Key)) ?? -1)
                    .ThenBy(x => x.i).Select(x => x.c);
            case RoutingStrategy.LeastBusy:
                return indexed.OrderBy(x => stats.InFlight(x.c.Provider.Id)).ThenBy(x => x.i).Select(x => x.c);
            case RoutingStrategy.Weighted:
                // Efraimidis–Spirakis: key u^(1/w), largest first, is a weighted draw without replacement.
                return indexed.Select(x => (x.c, key: Math.Pow(random.NextDouble(), 1.0 / Math.Max(WeightOf(weights, x.c), 1e-9))))
                    .OrderByDescending(x => x.key).Select(x => x.c).ToList();
            case RoutingStrategy.TaskSpecific:
                return indexed.OrderBy(x => taskType is not null && x.c.Model.Has(taskType) ? 0 : 1)
                    .ThenBy(x => TokenEstimator.Cost(request, x.c.Model)).ThenBy(x => x.i).Select(x => x.c);
            default:
                return candidates;
        }
    }

    private static double WeightOf(Dictionary<string, double>? weights, Candidate c)
    {
        if (weights is null) return 1;
        if (weights.TryGetValue(c.Key, out var w) || weights.TryGetValue(c.Model.Model, out w) || weights.TryGetValue(c.Provider.Id, out w)) return w;
        return 1;
    }
}
