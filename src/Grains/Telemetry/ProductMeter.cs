using System.Diagnostics.Metrics;

namespace CircuitBreaker.Grains.Telemetry;

/// <summary>The product's meter: every <c>cb_*</c> instrument of the grains is created on it (see docs/OBSERVABILITY.md).</summary>
public static class ProductMeter
{
    /// <summary>The meter name to listen to (OpenTelemetry <c>AddMeter</c>); the LLM router's instruments use the same name.</summary>
    public const string Name = "CircuitBreaker";

    /// <summary>The meter. Static: instruments cost nothing while no listener is attached.</summary>
    internal static readonly Meter Meter = new(Name);
}
