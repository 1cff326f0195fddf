using System.Diagnostics;
using System.Diagnostics.Metrics;
using CircuitBreaker.Grains.Telemetry;
using CircuitBreaker.Resilience.Breaker;

namespace CircuitBreaker.Grains.Resilience;

/// <summary>
/// <c>cb_breaker_transitions_total</c>: state changes of circuit breakers, by breaker and from/to state, counted by the
/// silo whose breaker grain made them (the sum over silos is the cluster's). The breaker state gauge is read from storage
/// by the hosts (it must be right on every silo, also after a breaker moved), see docs/OBSERVABILITY.md.
/// </summary>
internal static class BreakerMetrics
{
    private static readonly Counter<long> Transitions = ProductMeter.Meter.CreateCounter<long>(
        "cb.breaker.transitions", "{transition}", "Circuit breaker state changes, by breaker, from and to state.");

    /// <summary>Counts the transitions a breaker made.</summary>
    public static void Record(string breaker, IReadOnlyList<BreakerTransition> transitions)
    {
        if (!Transitions.Enabled) return;
        foreach (var t in transitions)
            Transitions.Add(1, new TagList { { "breaker", breaker }, { "from", t.From.ToString() }, { "to", t.To.ToString() } });
    }
}
