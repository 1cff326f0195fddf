using System.Collections.Concurrent;
using CircuitBreaker.Resilience.Breaker;

namespace CircuitBreaker.Llm.Gates;

/// <summary>
/// In-process breakers (one <see cref="CircuitBreakerStateMachine"/> per provider) for a single node, tools and tests;
/// a cluster uses the breaker grains instead.
/// </summary>
public sealed class LocalProviderGate(CircuitBreakerConfig config, TimeProvider? time = null) : IProviderGate
{
    private readonly ConcurrentDictionary<string, CircuitBreakerStateMachine> _breakers = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <inheritdoc />
    public Task<GatePermit> AcquireAsync(string provider, CancellationToken cancellationToken)
    {
        var breaker = Breaker(provider);
        lock (breaker)
        {
            var r = breaker.TryAcquire(_time.GetUtcNow());
            return Task.FromResult(new GatePermit(r.Permitted, r.State.ToString(), r.RetryAfter));
        }
    }

    /// <inheritdoc />
    public Task RecordAsync(string provider, GateOutcome outcome, TimeSpan duration)
    {
        var breaker = Breaker(provider);
        lock (breaker)
            breaker.OnResult(outcome switch { GateOutcome.Success => CallOutcome.Success, GateOutcome.Failure => CallOutcome.Failure, _ => CallOutcome.Ignored },
                duration < TimeSpan.Zero ? TimeSpan.Zero : duration, _time.GetUtcNow());
        return Task.CompletedTask;
    }

    /// <summary>State name of a provider's breaker.</summary>
    public string StateOf(string provider)
    {
        var breaker = Breaker(provider);
        lock (breaker) return breaker.State.ToString();
    }

    private CircuitBreakerStateMachine Breaker(string provider) => _breakers.GetOrAdd(provider, _ => new CircuitBreakerStateMachine(config));
}
