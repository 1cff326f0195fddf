using System.Text.Json;
using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Rules;

namespace CircuitBreaker.Workflow.Serialization;

/// <summary>
/// Maps a JSON document (canonical or seed shape) onto a <see cref="WorkflowDefinition"/>, remembering
/// where each element came from so validation messages point into the document.
/// </summary>
public static class WorkflowReader
{
    /// <summary>Error code for a malformed document.</summary>
    public const string InvalidDocument = "invalid_document";

    /// <summary>Reads a definition from a JSON node.</summary>
    /// <exception cref="WorkflowFormatException">A field has the wrong type or a condition is malformed.</exception>
    public static WorkflowDefinition Read(JsonNode? document)
    {
        if (document is not JsonObject o) throw Invalid("", "expected a workflow object");
        var places = new List<Place>();
        foreach (var key in new[] { "places", "states" })
            if (o[key] is { } list)
                places.AddRange(Array(list, key).Select((p, i) => ReadPlace(p, $"{key}[{i}]")));

        var transitions = new List<Transition>();
        foreach (var key in new[] { "transitions", "activities" })
            if (o[key] is { } list)
                transitions.AddRange(Array(list, key).Select((t, i) => ReadTransition(t, $"{key}[{i}]")));

        var marking = new List<Arc>();
        if (o["initialState"] is { } initial) marking.Add(new Arc(Text(initial, "initialState"), 1) { Source = "initialState" });
        switch (o["initialMarking"])
        {
            case JsonObject m:
                foreach (var (place, count) in m)
                    marking.Add(new Arc(place, Int(count, $"initialMarking.{place}")) { Source = $"initialMarking.{place}" });
                break;
            case JsonArray a:
                marking.AddRange(a.Select((p, i) => new Arc(Text(p, $"initialMarking[{i}]"), 1) { Source = $"initialMarking[{i}]" }));
                break;
            case null: break;
            default: throw Invalid("initialMarking", "expected an object of place counts or an array of places");
        }

        List<string> finals;
        var finalKey = o.ContainsKey("finalPlaces") ? "finalPlaces" : o.ContainsKey("finalStates") ? "finalStates" : null;
        if (finalKey is not null)
            finals = Array(o[finalKey], finalKey).Select((p, i) => Text(p, $"{finalKey}[{i}]")).ToList();
        else
        {
            // Seed definitions name no final states: places no transition consumes from are final.
            var consumed = transitions.SelectMany(t => t.Inputs.Concat(t.AnyOf)).Select(a => a.Place).ToHashSet(StringComparer.Ordinal);
            finals = places.Select(p => p.Id).Where(p => !consumed.Contains(p)).Distinct().ToList();
        }

        return new WorkflowDefinition
        {
            Id = OptText(o, "id", "") ?? "",
            Name = OptText(o, "name", ""),
            Description = OptText(o, "description", ""),
            Version = o["version"] is { } v ? Int(v, "version") : 1,
            Places = places, Transitions = transitions, InitialMarking = marking, FinalPlaces = finals,
            Metadata = o["metadata"]?.DeepClone(),
        };
    }

    private static Place ReadPlace(JsonNode? node, string path) => node switch
    {
        JsonObject p => new Place(Text(p["id"], $"{path}.id"), OptText(p, "name", path), OptText(p, "description", path)) { Source = path },
        _ => new Place(Text(node, path)) { Source = path },
    };

    private static Transition ReadTransition(JsonNode? node, string path)
    {
        if (node is not JsonObject t) throw Invalid(path, "expected a transition object");
        var inputs = new List<Arc>();
        var anyOf = new List<Arc>();
        var outputs = new List<Arc>();
        if (t["fromState"] is { } single) inputs.Add(new Arc(Text(single, $"{path}.fromState")) { Source = $"{path}.fromState" });
        if (t["fromStates"] is { } from)
        {
            var arcs = Array(from, $"{path}.fromStates")
                .Select((p, i) => new Arc(Text(p, $"{path}.fromStates[{i}]")) { Source = $"{path}.fromStates[{i}]" }).ToList();
            // One state is an ordinary input arc; several are alternatives (any one of them enables).
            (arcs.Count == 1 ? inputs : anyOf).AddRange(arcs);
        }
        if (t["inputs"] is { } ins) inputs.AddRange(Arcs(ins, $"{path}.inputs"));
        if (t["toState"] is { } to) outputs.Add(new Arc(Text(to, $"{path}.toState")) { Source = $"{path}.toState" });
        if (t["toStates"] is { } tos)
            outputs.AddRange(Array(tos, $"{path}.toStates").Select((p, i) => new Arc(Text(p, $"{path}.toStates[{i}]")) { Source = $"{path}.toStates[{i}]" }));
        if (t["outputs"] is { } outs) outputs.AddRange(Arcs(outs, $"{path}.outputs"));

        var conditions = new List<Condition>();
        if (t["conditions"] is { } conds)
            conditions.AddRange(Array(conds, $"{path}.conditions").Select((c, i) => ConditionParser.Parse(c, $"{path}.conditions[{i}]")));
        if (t["guard"] is { } guard)
            conditions.Add(ConditionParser.Parse(new JsonObject { ["jsonLogic"] = guard.DeepClone() }, $"{path}.guard"));

        return new Transition
        {
            Id = Text(t["id"], $"{path}.id"),
            Name = OptText(t, "name", path), Description = OptText(t, "description", path),
            Inputs = inputs, AnyOf = anyOf, Outputs = outputs, Conditions = conditions,
            AgentConfig = t["agentConfig"]?.DeepClone(), Metadata = t["metadata"]?.DeepClone(), Source = path,
        };
    }

    private static IEnumerable<Arc> Arcs(JsonNode? node, string path) =>
        Array(node, path).Select((a, i) => a switch
        {
            JsonObject arc => new Arc(Text(arc["place"], $"{path}[{i}].place"), arc["weight"] is { } w ? Int(w, $"{path}[{i}].weight") : 1) { Source = $"{path}[{i}]" },
            _ => new Arc(Text(a, $"{path}[{i}]")) { Source = $"{path}[{i}]" },
        }).ToList();

    private static JsonArray Array(JsonNode? node, string path) => node as JsonArray ?? throw Invalid(path, "expected an array");

    private static string Text(JsonNode? node, string path) =>
        JsonText.Get(node) ?? throw Invalid(path, "expected a string");

    private static string? OptText(JsonObject o, string key, string path) =>
        o[key] is null ? null : Text(o[key], path.Length == 0 ? key : $"{path}.{key}");

    private static int Int(JsonNode? node, string path) =>
        JsonNumber.TryGet(node, out var x) && x == Math.Floor(x) && Math.Abs(x) < int.MaxValue ? (int)x
        : throw Invalid(path, "expected an integer");

    private static WorkflowFormatException Invalid(string path, string message) => new(InvalidDocument, path, message);
}
