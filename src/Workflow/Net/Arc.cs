namespace CircuitBreaker.Workflow.Net;

/// <summary>An arc between a transition and a place, carrying <paramref name="Weight"/> tokens.</summary>
/// <param name="Place">The place id at the other end of the arc.</param>
/// <param name="Weight">Tokens consumed (input arc) or produced (output arc); must be at least 1.</param>
public sealed record Arc(string Place, int Weight = 1)
{
    /// <summary>Where this arc came from in the source document (e.g. <c>transitions[2].toState</c>).</summary>
    public string? Source { get; init; }
}
