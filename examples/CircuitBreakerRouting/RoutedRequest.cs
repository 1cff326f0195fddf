using CircuitBreaker.Grains.Resilience;

namespace CircuitBreaker.Examples.Routing;

/// <summary>Where a request ended in the routing net.</summary>
public enum RouteOutcome
{
    /// <summary>Permitted, and the downstream call succeeded: <c>success_responses</c>.</summary>
    Success,
    /// <summary>Permitted, and the downstream call failed: <c>failed_requests</c>.</summary>
    Failure,
    /// <summary>Refused by the breaker, the downstream was not called: <c>circuit_open_rejections</c>.</summary>
    Rejected,
}

/// <summary>One routed request.</summary>
/// <param name="TokenId">The request's token.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Place">The place its token ended in.</param>
/// <param name="Permit">The breaker's answer to the request.</param>
public sealed record RoutedRequest(string TokenId, RouteOutcome Outcome, string Place, BreakerPermit Permit);
