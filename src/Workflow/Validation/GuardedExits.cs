using CircuitBreaker.Workflow.Net;

namespace CircuitBreaker.Workflow.Validation;

/// <summary>A place whose every exit is guarded, with those exits.</summary>
/// <param name="Place">The place id.</param>
/// <param name="Transitions">The transitions that take tokens from it, all with conditions.</param>
public sealed record GuardedExit(string Place, IReadOnlyList<string> Transitions)
{
    /// <summary>The finding in words.</summary>
    public string Message =>
        $"place '{Place}' is left only through guarded transitions ({string.Join(", ", Transitions)}): a token whose data fails every guard stays there for good";
}

/// <summary>
/// Finds non-final places that tokens can only leave through guarded transitions. The Petri-net analysis ignores guards,
/// so it calls such a net sound although a token whose data fails the guards (order_processing's high
/// <c>fraud_score</c>) never moves on; this is the warning it cannot give.
/// </summary>
public static class GuardedExits
{
    /// <summary>The places of <paramref name="definition"/> with exits, none of them final, whose exits all have conditions.</summary>
    public static IReadOnlyList<GuardedExit> Find(WorkflowDefinition definition)
    {
        var finals = definition.FinalPlaces.ToHashSet(StringComparer.Ordinal);
        var exits = new Dictionary<string, List<Transition>>(StringComparer.Ordinal);
        foreach (var t in definition.Transitions)
            foreach (var place in t.Inputs.Concat(t.AnyOf).Select(a => a.Place).Distinct(StringComparer.Ordinal))
                (exits.TryGetValue(place, out var list) ? list : exits[place] = []).Add(t);
        return [.. definition.Places
            .Where(p => !finals.Contains(p.Id) && exits.TryGetValue(p.Id, out var list) && list.All(t => t.Conditions.Count > 0))
            .Select(p => new GuardedExit(p.Id, [.. exits[p.Id].Select(t => t.Id)]))];
    }
}
