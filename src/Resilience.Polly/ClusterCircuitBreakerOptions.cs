using CircuitBreaker.Grains.Resilience;
using Orleans;
using Polly;

namespace CircuitBreaker.Resilience.Polly;

/// <summary>Options of the cluster circuit breaker strategy: which breaker grain to ask and how outcomes count.</summary>
public sealed class ClusterCircuitBreakerOptions : ResilienceStrategyOptions
{
    /// <summary>Creates options with the strategy's default name.</summary>
    public ClusterCircuitBreakerOptions() => Name = "ClusterCircuitBreaker";

    /// <summary>Grain references of the cluster (a silo's or a client's <see cref="IGrainFactory"/>).</summary>
    public IGrainFactory? Grains { get; set; }

    /// <summary>Key of the <see cref="ICircuitBreakerGrain"/>, e.g. <c>llm:openai</c>; every process using it shares one breaker.</summary>
    public string BreakerId { get; set; } = "";

    /// <summary>
    /// Classifies an outcome; by default an exception is a <see cref="BreakerOutcome.Failure"/> (a cancellation by the
    /// caller is <see cref="BreakerOutcome.Ignored"/>) and a result is a <see cref="BreakerOutcome.Success"/>.
    /// </summary>
    public Func<Outcome<object?>, BreakerOutcome> Classify { get; set; } = DefaultClassify;

    /// <summary>Clock used to measure call durations.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The default classification.</summary>
    public static BreakerOutcome DefaultClassify(Outcome<object?> outcome) => outcome.Exception switch
    {
        null => BreakerOutcome.Success,
        OperationCanceledException => BreakerOutcome.Ignored,
        _ => BreakerOutcome.Failure,
    };
}
