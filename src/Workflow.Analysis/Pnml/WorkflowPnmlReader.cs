using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using CircuitBreaker.Workflow.Analysis.Net;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Serialization;

namespace CircuitBreaker.Workflow.Analysis.Pnml;

/// <summary>
/// Imports a PNML place/transition net as a workflow definition: places (with names and initial marking),
/// transitions and weighted arcs. Circuit Breaker <c>toolspecific</c> data written by <see cref="WorkflowPnmlWriter"/>
/// is read back (final places, descriptions, guards, metadata, regrouped <c>fromStates</c> alternatives). A net
/// from another tool has no such data; its final places are then the places no arc leaves (sink places), the rule
/// the workflow reader also applies to seed documents without <c>finalStates</c>.
/// </summary>
public static class WorkflowPnmlReader
{
    /// <summary>
    /// Reads the first net of <paramref name="pnml"/>. Throws <see cref="NetFormatException"/> (PNML_*/NET_* codes) on
    /// malformed XML, missing ids, unknown arc ends, bad numbers or unreadable Circuit Breaker data. The definition is
    /// not validated here (see <c>WorkflowValidator</c>).
    /// </summary>
    public static WorkflowDefinition Parse(string pnml)
    {
        var net = PnmlXml.LoadNet(new StringReader(pnml));
        var workflow = CircuitBreakerToolData.Of(net) is { } tool ? PnmlXml.Child(tool, "workflow") : null;
        var places = PnmlXml.Nodes(net, "place").ToList();
        var transitions = PnmlXml.Nodes(net, "transition").ToList();

        var kind = new Dictionary<string, bool>(StringComparer.Ordinal); // id → is place
        foreach (var node in places.Concat(transitions))
            if (!kind.TryAdd(PnmlXml.RequiredId(node), node.Name.LocalName == "place"))
                throw new NetFormatException("NET_DUPLICATE_ID", $"id '{node.Attribute("id")!.Value}' is used twice");
        var inputs = transitions.ToDictionary(PnmlXml.RequiredId, _ => new List<(string Place, int Weight)>(), StringComparer.Ordinal);
        var outputs = transitions.ToDictionary(PnmlXml.RequiredId, _ => new List<(string Place, int Weight)>(), StringComparer.Ordinal);
        foreach (var arc in PnmlXml.Nodes(net, "arc"))
        {
            var (source, target) = PnmlXml.Endpoints(arc);
            var weight = PnmlXml.Int(arc, "inscription", 1);
            if (weight < 1) throw new NetFormatException("NET_BAD_WEIGHT", $"arc {source}->{target} has weight {weight}; weights must be positive");
            if (!kind.TryGetValue(source, out var sourceIsPlace)) throw new NetFormatException("NET_UNKNOWN_NODE", $"arc source '{source}' is neither a place nor a transition");
            if (!kind.TryGetValue(target, out var targetIsPlace)) throw new NetFormatException("NET_UNKNOWN_NODE", $"arc target '{target}' is neither a place nor a transition");
            if (sourceIsPlace == targetIsPlace) throw new NetFormatException("NET_BAD_ARC", $"arc {source}->{target} must connect a place and a transition");
            if (sourceIsPlace) Add(inputs[target], source, weight);
            else Add(outputs[source], target, weight);
        }

        // The canonical JSON shape, read by the same reader as JSON/YAML documents (conditions parsed the same way).
        var document = new JsonObject { ["id"] = workflow?.Attribute("id")?.Value ?? net.Attribute("id")?.Value ?? "" };
        if (PnmlXml.Name(net) is { } netName) document["name"] = netName;
        if (workflow is not null)
        {
            if (Text(workflow, "description") is { } description) document["description"] = description;
            if (workflow.Attribute("version")?.Value is { } version)
                document["version"] = int.TryParse(version, out var v) && v > 0 ? v
                    : throw new NetFormatException("PNML_BAD_TOOLSPECIFIC", $"workflow version must be a positive integer, got '{version}'");
            if (Json(workflow, "metadata", "the workflow") is { } metadata) document["metadata"] = metadata;
        }
        document["places"] = new JsonArray([.. places.Select(PlaceJson)]);
        document["transitions"] = new JsonArray([.. TransitionsJson(transitions, inputs, outputs)]);
        var initial = new JsonObject();
        foreach (var place in places)
            if (PnmlXml.Int(place, "initialMarking", 0) is > 0 and var tokens) initial[PnmlXml.RequiredId(place)] = tokens;
        document["initialMarking"] = initial;
        // Without Circuit Breaker data the key stays out, and the reader takes the sink places as final.
        if (workflow is not null)
            document["finalPlaces"] = new JsonArray([.. places.Where(CircuitBreakerToolData.IsFinal).Select(p => (JsonNode?)PnmlXml.RequiredId(p))]);

        try
        {
            return WorkflowReader.Read(document);
        }
        catch (WorkflowFormatException e)
        {
            throw new NetFormatException("PNML_BAD_TOOLSPECIFIC", $"{e.Path}: {e.Detail}", e);
        }
    }

    private static JsonNode PlaceJson(XElement place)
    {
        var o = new JsonObject { ["id"] = PnmlXml.RequiredId(place) };
        if (PnmlXml.Name(place) is { } name) o["name"] = name;
        if (CircuitBreakerToolData.Of(place) is { } data && Text(data, "description") is { } description) o["description"] = description;
        return o;
    }

    /// <summary>One workflow transition per origin id, in document order; alternatives (t@place) become <c>fromStates</c>.</summary>
    private static IEnumerable<JsonNode> TransitionsJson(List<XElement> transitions,
        Dictionary<string, List<(string Place, int Weight)>> inputs, Dictionary<string, List<(string Place, int Weight)>> outputs)
    {
        var groups = new List<(string Id, List<(XElement Node, XElement? Origin)> Members)>();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in transitions)
        {
            var origin = CircuitBreakerToolData.Of(node) is { } data ? PnmlXml.Child(data, "origin") : null;
            var id = origin?.Attribute("id")?.Value ?? PnmlXml.RequiredId(node);
            if (!byId.TryGetValue(id, out var g))
            {
                byId[id] = g = groups.Count;
                groups.Add((id, []));
            }
            groups[g].Members.Add((node, origin));
        }
        foreach (var (id, members) in groups)
        {
            var (first, origin) = members[0];
            var firstId = PnmlXml.RequiredId(first);
            var o = new JsonObject { ["id"] = id };
            var name = origin is null ? PnmlXml.Name(first) : origin.Attribute("name")?.Value;
            if (name is not null) o["name"] = name;
            var data = CircuitBreakerToolData.Of(first);
            if (data is not null && Text(data, "description") is { } description) o["description"] = description;
            var alternatives = members.Select(m => m.Origin?.Attribute("alternative")?.Value).OfType<string>().ToList();
            // The alternative place's token is part of the P/T transition's inputs; the shared inputs are the rest.
            var shared = new List<(string Place, int Weight)>(inputs[firstId]);
            if (origin?.Attribute("alternative")?.Value is { } own)
            {
                var i = shared.FindIndex(a => a.Place == own);
                if (i >= 0) shared[i] = shared[i] with { Weight = shared[i].Weight - 1 };
                shared.RemoveAll(a => a.Weight == 0);
            }
            if (shared.Count > 0) o["inputs"] = Arcs(shared);
            if (alternatives.Count > 0) o["fromStates"] = new JsonArray([.. alternatives.Select(a => (JsonNode?)a)]);
            if (outputs[firstId].Count > 0) o["outputs"] = Arcs(outputs[firstId]);
            if (data is not null)
            {
                if (Json(data, "conditions", $"transition '{id}'") is { } conditions) o["conditions"] = conditions;
                if (Json(data, "agentConfig", $"transition '{id}'") is { } agent) o["agentConfig"] = agent;
                if (Json(data, "metadata", $"transition '{id}'") is { } metadata) o["metadata"] = metadata;
            }
            yield return o;
        }
    }

    private static void Add(List<(string Place, int Weight)> arcs, string place, int weight)
    {
        var i = arcs.FindIndex(a => a.Place == place);
        if (i >= 0) arcs[i] = (place, checked(arcs[i].Weight + weight));
        else arcs.Add((place, weight));
    }

    private static JsonArray Arcs(IEnumerable<(string Place, int Weight)> arcs) =>
        new([.. arcs.Select(a => (JsonNode?)new JsonObject { ["place"] = a.Place, ["weight"] = a.Weight })]);

    private static string? Text(XElement parent, string name) => PnmlXml.Child(parent, name)?.Value;

    private static JsonNode? Json(XElement parent, string name, string owner)
    {
        if (Text(parent, name) is not { } text) return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new NetFormatException("PNML_BAD_TOOLSPECIFIC", $"<{name}> of {owner} is not valid JSON: {e.Message}", e);
        }
    }
}
