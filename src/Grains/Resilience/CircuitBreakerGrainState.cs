using CircuitBreaker.Resilience.Breaker;

namespace CircuitBreaker.Grains.Resilience;

/// <summary>Persisted state of a <see cref="CircuitBreakerGrain"/>: the state machine's DTO (null before first use).</summary>
public sealed class CircuitBreakerGrainState
{
    /// <summary>The breaker, as <see cref="CircuitBreakerStateMachine.ToDto"/> wrote it.</summary>
    public CircuitBreakerStateDto? Machine { get; set; }
}
