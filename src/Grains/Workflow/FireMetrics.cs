using System.Diagnostics;
using System.Diagnostics.Metrics;
using CircuitBreaker.Grains.Telemetry;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>
/// Fire requests as the token grain answers them: <c>cb_transitions_fired_total</c> by workflow, transition and outcome
/// (<c>fired</c>, <c>replayed</c>, a refusal code such as <c>GUARD_FAILED</c>, or <c>error</c>), and their latency
/// <c>cb_fire_duration_seconds</c> by workflow and outcome class. Tag values are strings the grain holds already, so
/// a fire allocates nothing here (a <see cref="System.Diagnostics.TagList"/> of up to eight tags lives on the stack).
/// </summary>
internal static class FireMetrics
{
    /// <summary>Transition tag of a request naming a transition the workflow does not have (caller input: not a tag value).</summary>
    public const string UnknownTransition = "_unknown";

    private static readonly Counter<long> Fires = ProductMeter.Meter.CreateCounter<long>(
        "cb.transitions.fired", "{fire}", "Fire requests answered by token grains, by workflow, transition and outcome.");

    private static readonly Histogram<double> Duration = ProductMeter.Meter.CreateHistogram(
        "cb.fire.duration", "s", "Time a token grain took to answer a fire request (check, durable write, publish).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>Records one answered fire request that began at <paramref name="startedTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static void Record(string? tenant, string workflow, string transition, string outcome, bool refused, long startedTimestamp)
    {
        if (Fires.Enabled)
        {
            var tags = new TagList { { "workflow", workflow }, { "transition", transition }, { "outcome", outcome } };
            if (tenant is not null) tags.Add("tenant", tenant);
            Fires.Add(1, tags);
        }
        if (Duration.Enabled)
        {
            var tags = new TagList { { "workflow", workflow }, { "outcome", refused ? "refused" : outcome == "error" ? "error" : "fired" } };
            if (tenant is not null) tags.Add("tenant", tenant);
            Duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
        }
    }
}
