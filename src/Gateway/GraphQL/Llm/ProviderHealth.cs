namespace CircuitBreaker.Gateway.GraphQL.Llm;

/// <summary>How a provider's breakers read as health (<c>LlmProvider.healthStatus</c>).</summary>
public static class ProviderHealth
{
    /// <summary>True for a breaker state that lets calls through.</summary>
    public static bool Permits(string state) => state is "CLOSED" or "HALF_OPEN" or "DISABLED" or "METRICS_ONLY";

    /// <summary>
    /// Failed calls over the calls in the breakers' windows, 0 to 1; 0 before any call. Counted from the window itself, so it
    /// is right before the breaker's minimum number of calls, where the breaker's own failure rate is still unknown (-1).
    /// </summary>
    public static double ErrorRate(int failed, int buffered) => buffered <= 0 ? 0d : Math.Clamp((double)failed / buffered, 0d, 1d);
}
