using CircuitBreaker.Storage;
using CircuitBreaker.Resilience.Breaker;

namespace CircuitBreaker.Grains.Resilience;

/// <summary>Persisted state of a <see cref="CircuitBreakerGrain"/>: the state machine's DTO (null before first use).</summary>
public sealed class CircuitBreakerGrainState : StateWithSideWrites
{
    /// <summary>The breaker, as <see cref="CircuitBreakerStateMachine.ToDto"/> wrote it.</summary>
    public CircuitBreakerStateDto? Machine { get; set; }

    /// <summary>When the breaker was first stored (its place in the newest-first listing); null for rows older than the listing.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>The state name last written to the storage index (the listing's status), so unchanged states skip the index write.</summary>
    public string? IndexedState { get; set; }
}
