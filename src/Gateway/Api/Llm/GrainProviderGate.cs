using CircuitBreaker.Grains;
using CircuitBreaker.Grains.Resilience;
using CircuitBreaker.Llm.Gates;
using Orleans;

namespace CircuitBreaker.Gateway.Api.Llm;

/// <summary>The router's breakers are the cluster-wide breaker grains keyed <c>llm:{provider}</c>.</summary>
public sealed class GrainProviderGate(IGrainFactory grains) : IProviderGate
{
    /// <summary>Grain key of a provider's breaker.</summary>
    public static string BreakerId(string provider) => TenantKeys.SharedBreakerPrefix + provider;

    /// <inheritdoc />
    public async Task<GatePermit> AcquireAsync(string provider, CancellationToken cancellationToken)
    {
        var permit = await grains.GetGrain<ICircuitBreakerGrain>(BreakerId(provider)).TryAcquire();
        return new GatePermit(permit.Permitted, permit.State, permit.RetryAfterMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null);
    }

    /// <inheritdoc />
    public Task RecordAsync(string provider, GateOutcome outcome, TimeSpan duration) =>
        grains.GetGrain<ICircuitBreakerGrain>(BreakerId(provider)).Record(outcome switch
        {
            GateOutcome.Success => BreakerOutcome.Success,
            GateOutcome.Failure => BreakerOutcome.Failure,
            _ => BreakerOutcome.Ignored,
        }, Math.Max(0, duration.TotalMilliseconds));
}
