using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Net;

namespace CircuitBreaker.Workflow.Serialization;

/// <summary>Writes a definition in the canonical JSON shape (which <see cref="WorkflowReader"/> reads back).</summary>
public static class WorkflowWriter
{
    /// <summary>The canonical JSON form.</summary>
    public static JsonObject Write(WorkflowDefinition d)
    {
        var o = new JsonObject { ["id"] = d.Id };
        if (d.Name is not null) o["name"] = d.Name;
        if (d.Description is not null) o["description"] = d.Description;
        o["version"] = d.Version;
        o["places"] = new JsonArray(d.Places.Select(WritePlace).ToArray());
        o["transitions"] = new JsonArray(d.Transitions.Select(WriteTransition).ToArray());
        var marking = new JsonObject();
        foreach (var arc in d.InitialMarking) marking[arc.Place] = (marking[arc.Place]?.GetValue<int>() ?? 0) + arc.Weight;
        o["initialMarking"] = marking;
        o["finalPlaces"] = new JsonArray(d.FinalPlaces.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
        if (d.Metadata is not null) o["metadata"] = d.Metadata.DeepClone();
        return o;
    }

    private static JsonNode WritePlace(Place p)
    {
        var o = new JsonObject { ["id"] = p.Id };
        if (p.Name is not null) o["name"] = p.Name;
        if (p.Description is not null) o["description"] = p.Description;
        return o;
    }

    private static JsonNode WriteTransition(Transition t)
    {
        var o = new JsonObject { ["id"] = t.Id };
        if (t.Name is not null) o["name"] = t.Name;
        if (t.Description is not null) o["description"] = t.Description;
        if (t.Inputs.Count > 0) o["inputs"] = Arcs(t.Inputs);
        // Alternatives keep the seed spelling; the reader turns 2+ fromStates back into alternatives.
        if (t.AnyOf.Count > 0) o["fromStates"] = new JsonArray(t.AnyOf.Select(a => (JsonNode?)JsonValue.Create(a.Place)).ToArray());
        if (t.Outputs.Count > 0) o["outputs"] = Arcs(t.Outputs);
        if (t.Conditions.Count > 0) o["conditions"] = new JsonArray(t.Conditions.Select(c => c.ToJson()).ToArray());
        if (t.AgentConfig is not null) o["agentConfig"] = t.AgentConfig.DeepClone();
        if (t.Metadata is not null) o["metadata"] = t.Metadata.DeepClone();
        return o;
    }

    private static JsonArray Arcs(IEnumerable<Arc> arcs) =>
        new(arcs.Select(a => (JsonNode?)new JsonObject { ["place"] = a.Place, ["weight"] = a.Weight }).ToArray());
}
