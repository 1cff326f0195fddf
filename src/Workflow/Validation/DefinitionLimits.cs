using CircuitBreaker.Workflow.Net;

namespace CircuitBreaker.Workflow.Validation;

/// <summary>
/// Size limits of a workflow definition (configuration <c>Gateway:Definitions:*</c>). They keep every request's work
/// bounded: a definition within them parses, validates and converts quickly, and its analysis fits the analysis budget's
/// per-state arithmetic. Settable so it binds from configuration.
/// </summary>
public sealed class DefinitionLimits
{
    /// <summary>Most places (default 2,000).</summary>
    public int MaxPlaces { get; set; } = 2_000;

    /// <summary>Most transitions (default 2,000).</summary>
    public int MaxTransitions { get; set; } = 2_000;

    /// <summary>Most arcs: inputs, alternative inputs and outputs of every transition together (default 10,000).</summary>
    public int MaxArcs { get; set; } = 10_000;

    /// <summary>The first limit <paramref name="definition"/> exceeds, named in the message, or null when it fits.</summary>
    public string? Violation(WorkflowDefinition definition)
    {
        if (definition.Places.Count > MaxPlaces)
            return $"the definition has {definition.Places.Count} places; at most {MaxPlaces} are allowed (MaxPlaces)";
        if (definition.Transitions.Count > MaxTransitions)
            return $"the definition has {definition.Transitions.Count} transitions; at most {MaxTransitions} are allowed (MaxTransitions)";
        var arcs = definition.Transitions.Sum(t => (long)t.Inputs.Count + t.AnyOf.Count + t.Outputs.Count);
        return arcs > MaxArcs ? $"the definition has {arcs} arcs; at most {MaxArcs} are allowed (MaxArcs)" : null;
    }
}
