namespace CircuitBreaker.Workflow.Analysis.Net;

/// <summary>An arc between a transition and a place, seen from the transition: the place index and the arc weight.</summary>
/// <param name="Place">Index of the place in <see cref="PlaceTransitionNet.PlaceIds"/>.</param>
/// <param name="Weight">Number of tokens the arc consumes or produces (at least 1).</param>
public readonly record struct WeightedArc(int Place, int Weight);
