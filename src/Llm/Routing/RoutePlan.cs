using CircuitBreaker.Llm.Catalog;

namespace CircuitBreaker.Llm.Routing;

/// <summary>A model at a provider that may answer.</summary>
/// <param name="Model">Price and capabilities.</param>
/// <param name="Provider">Where it is served.</param>
/// <param name="IsFallback">Came from <c>fallback_models</c>.</param>
public sealed record Candidate(ModelEntry Model, ProviderEntry Provider, bool IsFallback = false)
{
    /// <summary><c>provider/model</c>.</summary>
    public string Key => Model.Key;
}

/// <summary>A candidate left out before any call, and why.</summary>
/// <param name="Provider">Provider id.</param>
/// <param name="Model">Model id.</param>
/// <param name="Reason">Why (never a secret).</param>
public sealed record SkippedCandidate(string Provider, string Model, string Reason);

/// <summary>The planner's answer: candidates in the order to try.</summary>
/// <param name="RequestedModel">What the client asked for.</param>
/// <param name="VirtualModel">The virtual model resolved, if any.</param>
/// <param name="Strategy">Strategy applied.</param>
/// <param name="TaskType">Task type applied.</param>
/// <param name="Candidates">Order of attempts.</param>
/// <param name="Skipped">Left out, with reasons.</param>
public sealed record RoutePlan(string RequestedModel, string? VirtualModel, RoutingStrategy Strategy, string? TaskType,
    IReadOnlyList<Candidate> Candidates, IReadOnlyList<SkippedCandidate> Skipped);
