using CircuitBreaker.Workflow.Analysis.Net;

namespace CircuitBreaker.Workflow.Analysis;

/// <summary>
/// Evidence for a property: a firing sequence from the initial marking (shortest when it comes from the
/// breadth-first reachability graph) and the marking it leads to.
/// </summary>
/// <param name="Transitions">Transition ids, in firing order.</param>
/// <param name="Marking">Token count per place of the marking reached (int.MaxValue stands for ω).</param>
/// <param name="MarkingText">Sparse text form of <paramref name="Marking"/>, e.g. <c>{p1: 1, p3: 2}</c>.</param>
public sealed record Witness(IReadOnlyList<string> Transitions, IReadOnlyList<int> Marking, string MarkingText)
{
    /// <summary>Builds a witness from transition indices and a marking.</summary>
    public static Witness Of(PlaceTransitionNet net, IEnumerable<int> transitions, IReadOnlyList<int> marking) =>
        new(transitions.Select(t => net.TransitionIds[t]).ToArray(), marking, net.FormatMarking(marking));

    /// <summary>The sequence as text, e.g. <c>a b c</c>, or <c>(empty)</c>.</summary>
    public string SequenceText => Transitions.Count == 0 ? "(empty sequence)" : string.Join(" ", Transitions);
}
