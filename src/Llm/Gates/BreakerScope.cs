using CircuitBreaker.Llm.Routing;

namespace CircuitBreaker.Llm.Gates;

/// <summary>What one router breaker guards (<c>Llm:BreakerScope</c>).</summary>
public enum BreakerScope
{
    /// <summary>One breaker per provider (the default): a provider failing for any model stops all its models.</summary>
    Provider,
    /// <summary>One breaker per provider and model: a bad model opens only its own breaker.</summary>
    Model,
}

/// <summary>The gate key of a candidate under a <see cref="BreakerScope"/>: <c>{provider}</c> or <c>{provider}:{model}</c> (a breaker id an API path and GraphQL id can carry).</summary>
public static class GateKeys
{
    /// <summary>The key the router acquires and records under for <paramref name="candidate"/>.</summary>
    public static string Of(BreakerScope scope, Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return scope == BreakerScope.Model ? candidate.Provider.Id + ":" + candidate.Model.Model : candidate.Provider.Id;
    }
}
