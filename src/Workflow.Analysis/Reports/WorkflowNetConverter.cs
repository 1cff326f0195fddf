using CircuitBreaker.Workflow.Analysis.Net;
using CircuitBreaker.Workflow.Net;

namespace CircuitBreaker.Workflow.Analysis.Reports;

/// <summary>
/// Turns a workflow definition into a plain P/T net. A transition with several alternative input places
/// (seed <c>fromStates: [a, b]</c>) becomes one P/T transition per alternative, named <c>t@a</c>, <c>t@b</c>.
/// Guards and conditions are ignored, so the analysis over-approximates the behaviour. Workflow documents may
/// name a transition like a place (seed 000's <c>fact_check</c>); P/T ids are global, so such a transition
/// becomes <c>fact_check_t</c>.
/// </summary>
public static class WorkflowNetConverter
{
    /// <summary>Converts <paramref name="definition"/>; final places are carried over.</summary>
    public static PlaceTransitionNet Convert(WorkflowDefinition definition)
    {
        var builder = new PlaceTransitionNetBuilder(string.IsNullOrEmpty(definition.Id) ? definition.Name ?? "workflow" : definition.Id);
        var initial = definition.InitialMarking.GroupBy(a => a.Place).ToDictionary(g => g.Key, g => g.Sum(a => a.Weight));
        var finals = definition.FinalPlaces.ToHashSet(StringComparer.Ordinal);
        foreach (var place in definition.Places)
            builder.AddPlace(place.Id, initial.GetValueOrDefault(place.Id), place.Name, finals.Contains(place.Id));
        var placeIds = definition.Places.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var t in definition.Transitions)
        {
            var baseId = placeIds.Contains(t.Id) ? t.Id + "_t" : t.Id;
            var alternatives = t.AnyOf.Count == 0 ? [null] : t.AnyOf.Select(a => (Arc?)a).ToList();
            foreach (var alt in alternatives)
            {
                var id = alt is null ? baseId : $"{baseId}@{alt.Place}";
                builder.AddTransition(id, alt is null ? t.Name : $"{t.Name ?? t.Id} (from {alt.Place})");
                foreach (var a in t.Inputs) builder.AddArc(a.Place, id, a.Weight);
                if (alt is not null) builder.AddArc(alt.Place, id);
                foreach (var a in t.Outputs) builder.AddArc(id, a.Place, a.Weight);
            }
        }
        return builder.Build();
    }
}
