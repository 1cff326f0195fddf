using Polly;

namespace CircuitBreaker.Resilience.Polly;

/// <summary>Adds the cluster circuit breaker strategy to a Polly pipeline builder.</summary>
public static class ClusterCircuitBreakerExtensions
{
    /// <summary>Adds a <see cref="ClusterCircuitBreakerStrategy"/> configured by <paramref name="options"/>.</summary>
    public static TBuilder AddClusterCircuitBreaker<TBuilder>(this TBuilder builder, ClusterCircuitBreakerOptions options)
        where TBuilder : ResiliencePipelineBuilderBase
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return builder.AddStrategy(_ => new ClusterCircuitBreakerStrategy(options), options);
    }
}
