using System.Xml.Linq;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Serialization;

namespace CircuitBreaker.Workflow.Analysis.Pnml;

/// <summary>
/// Exports a workflow definition as a PNML place/transition net that other Petri-net tools read with the same
/// behaviour Circuit Breaker analyses: the same places, transitions and arc weights as
/// <see cref="Reports.WorkflowNetConverter"/> produces (a <c>fromStates</c> alternative becomes one transition
/// <c>t@place</c> per place; a transition named like a place becomes <c>id_t</c>). Everything else — final places,
/// descriptions, guards, agent configuration, metadata, version, the original transition grouping — goes into
/// Circuit Breaker <c>toolspecific</c> elements (see <see cref="CircuitBreakerToolData"/>), so
/// <see cref="WorkflowPnmlReader"/> restores the definition exactly. Guards are kept but not expressible in P/T nets,
/// so other tools see every guarded transition as always allowed (as the analysis does).
/// </summary>
public static class WorkflowPnmlWriter
{
    private static readonly XNamespace Ns = PnmlXml.Namespace;

    /// <summary>The PNML document for <paramref name="definition"/>.</summary>
    public static string Write(WorkflowDefinition definition)
    {
        var netId = string.IsNullOrEmpty(definition.Id) ? "workflow" : definition.Id;
        var net = new XElement(Ns + "net", new XAttribute("id", netId), new XAttribute("type", PnmlXml.PtNetType));
        if (definition.Name is not null) net.Add(PnmlXml.NameElement(definition.Name));
        var workflow = new XElement(Ns + "workflow", new XAttribute("id", definition.Id), new XAttribute("version", definition.Version));
        AddText(workflow, "description", definition.Description);
        AddText(workflow, "metadata", definition.Metadata?.ToJsonString());
        net.Add(CircuitBreakerToolData.Create(workflow));

        var page = new XElement(Ns + "page", new XAttribute("id", "page0"));
        net.Add(page);
        var initial = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var arc in definition.InitialMarking) initial[arc.Place] = initial.GetValueOrDefault(arc.Place) + arc.Weight;
        var finals = definition.FinalPlaces.ToHashSet(StringComparer.Ordinal);
        foreach (var p in definition.Places)
        {
            var place = new XElement(Ns + "place", new XAttribute("id", p.Id));
            if (p.Name is not null) place.Add(PnmlXml.NameElement(p.Name));
            if (initial.GetValueOrDefault(p.Id) > 0) place.Add(PnmlXml.IntLabel("initialMarking", initial[p.Id]));
            var data = new List<object>();
            if (finals.Contains(p.Id)) data.Add(new XElement(Ns + "final"));
            if (p.Description is not null) data.Add(new XElement(Ns + "description", p.Description));
            if (data.Count > 0) place.Add(CircuitBreakerToolData.Create([.. data]));
            page.Add(place);
        }

        var placeIds = definition.Places.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var arcs = new List<XElement>();
        var arcIds = new ArcIds(placeIds.Concat(definition.Transitions.SelectMany(ExportedIds)));
        foreach (var t in definition.Transitions)
        {
            var baseId = placeIds.Contains(t.Id) ? t.Id + "_t" : t.Id;
            var alternatives = t.AnyOf.Count == 0 ? [null] : t.AnyOf.Select(a => a.Place).Cast<string?>().ToList();
            for (var i = 0; i < alternatives.Count; i++)
            {
                var alternative = alternatives[i];
                var id = alternative is null ? baseId : $"{baseId}@{alternative}";
                var transition = new XElement(Ns + "transition", new XAttribute("id", id));
                // Same display name as the analysis gives the alternative, so other tools show what `cb analyze` shows.
                var name = alternative is null ? t.Name : $"{t.Name ?? t.Id} (from {alternative})";
                if (name is not null) transition.Add(PnmlXml.NameElement(name));
                var data = new List<object>();
                if (id != t.Id || alternative is not null)
                {
                    var origin = new XElement(Ns + "origin", new XAttribute("id", t.Id));
                    if (t.Name is not null) origin.Add(new XAttribute("name", t.Name));
                    if (alternative is not null) origin.Add(new XAttribute("alternative", alternative));
                    data.Add(origin);
                }
                // The workflow-only parts go on the first P/T transition of the group; the reader takes them from there.
                if (i == 0)
                {
                    if (t.Description is not null) data.Add(new XElement(Ns + "description", t.Description));
                    if (t.Conditions.Count > 0) data.Add(new XElement(Ns + "conditions", new System.Text.Json.Nodes.JsonArray([.. t.Conditions.Select(c => c.ToJson())]).ToJsonString()));
                    if (t.AgentConfig is not null) data.Add(new XElement(Ns + "agentConfig", t.AgentConfig.ToJsonString()));
                    if (t.Metadata is not null) data.Add(new XElement(Ns + "metadata", t.Metadata.ToJsonString()));
                }
                if (data.Count > 0) transition.Add(CircuitBreakerToolData.Create([.. data]));
                page.Add(transition);

                // Parallel arcs add up (PNML tools expect one arc per node pair); the alternative is one more token.
                var inputs = Merge(t.Inputs.Concat(alternative is null ? [] : [new Arc(alternative)]));
                foreach (var (place, weight) in inputs) arcs.Add(ArcElement(arcIds.Next(), place, id, weight));
                foreach (var (place, weight) in Merge(t.Outputs)) arcs.Add(ArcElement(arcIds.Next(), id, place, weight));
            }
        }
        page.Add(arcs);
        return PnmlXml.Document(net);
    }

    private static IEnumerable<string> ExportedIds(Transition t) =>
        t.AnyOf.Count == 0 ? [t.Id, t.Id + "_t"] : t.AnyOf.SelectMany(a => new[] { $"{t.Id}@{a.Place}", $"{t.Id}_t@{a.Place}" });

    private static IEnumerable<(string Place, int Weight)> Merge(IEnumerable<Arc> arcs) =>
        arcs.GroupBy(a => a.Place, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(a => a.Weight)));

    private static XElement ArcElement(string id, string source, string target, int weight)
    {
        var arc = new XElement(Ns + "arc", new XAttribute("id", id), new XAttribute("source", source), new XAttribute("target", target));
        if (weight != 1) arc.Add(PnmlXml.IntLabel("inscription", weight));
        return arc;
    }

    private static void AddText(XElement parent, string name, string? text)
    {
        if (text is not null) parent.Add(new XElement(Ns + name, text));
    }
}
