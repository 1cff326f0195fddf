namespace CircuitBreaker.Llm.Gates;

/// <summary>The per-provider circuit breaker as the router sees it.</summary>
public interface IProviderGate
{
    /// <summary>Asks whether a call to <paramref name="provider"/> may go ahead.</summary>
    Task<GatePermit> AcquireAsync(string provider, CancellationToken cancellationToken);

    /// <summary>Reports the outcome of a permitted call.</summary>
    Task RecordAsync(string provider, GateOutcome outcome, TimeSpan duration);
}

/// <summary>Answer of <see cref="IProviderGate.AcquireAsync"/>.</summary>
/// <param name="Permitted">May call.</param>
/// <param name="State">Breaker state name (CLOSED, OPEN, HALF_OPEN …).</param>
/// <param name="RetryAfter">When refused while open: time until trial calls.</param>
public sealed record GatePermit(bool Permitted, string State, TimeSpan? RetryAfter);

/// <summary>How a call ended, for the breaker.</summary>
public enum GateOutcome
{
    /// <summary>Answered.</summary>
    Success,
    /// <summary>Failed in a way that says the provider is unhealthy (5xx, 429, timeout, connection, cut stream).</summary>
    Failure,
    /// <summary>Ended for a reason that says nothing about the provider (400, 401, client cancelled).</summary>
    Ignored,
}
