using System.Text.Json.Nodes;

namespace CircuitBreaker.Workflow.Serialization;

/// <summary>
/// Refuses fields a submitted definition may not have: a typo such as <c>gaurd</c> would otherwise create a transition without
/// its guard, and a field of a later release (<c>onEnter</c>) would be silently ignored. Transitions' conditions are checked by
/// <see cref="ConditionFields"/>; metadata, agent configurations and JSON Logic guards are free-form and not checked. Stored
/// definitions are not re-checked, so old ones keep loading.
/// </summary>
public static class DefinitionFields
{
    /// <summary>Error code of an unknown field.</summary>
    public const string UnknownField = "unknown_field";

    private static readonly HashSet<string> Workflow = new(StringComparer.Ordinal)
    {
        "id", "name", "description", "version", "places", "states", "transitions", "activities",
        "initialState", "initialMarking", "finalPlaces", "finalStates", "metadata",
    };

    private static readonly HashSet<string> Place = new(StringComparer.Ordinal) { "id", "name", "description" };

    private static readonly HashSet<string> Transition = new(StringComparer.Ordinal)
    {
        "id", "name", "description", "fromState", "fromStates", "inputs", "toState", "toStates", "outputs",
        "conditions", "guard", "agentConfig", "metadata",
    };

    private static readonly HashSet<string> Arc = new(StringComparer.Ordinal) { "place", "weight" };

    /// <summary>Throws for the first unknown field, its location as a JSON path such as <c>$.transitions[0].gaurd</c>.</summary>
    /// <exception cref="WorkflowFormatException">Code <see cref="UnknownField"/>.</exception>
    public static void Check(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Known(document, Workflow, "$");
        foreach (var key in new[] { "places", "states" })
            Each(document[key], $"$.{key}", Place);
        foreach (var key in new[] { "transitions", "activities" })
        {
            if (document[key] is not JsonArray transitions) continue;
            for (var i = 0; i < transitions.Count; i++)
            {
                if (transitions[i] is not JsonObject t) continue;
                var path = $"$.{key}[{i}]";
                Known(t, Transition, path);
                Each(t["inputs"], $"{path}.inputs", Arc);
                Each(t["outputs"], $"{path}.outputs", Arc);
                if (t["conditions"] is JsonArray conditions)
                    for (var j = 0; j < conditions.Count; j++) ConditionFields.Check(conditions[j], $"{path}.conditions[{j}]");
            }
        }
    }

    // Only objects are checked: other shapes (a place given as a string) are the reader's to accept or refuse.
    private static void Each(JsonNode? list, string path, HashSet<string> known)
    {
        if (list is not JsonArray items) return;
        for (var i = 0; i < items.Count; i++)
            if (items[i] is JsonObject o) Known(o, known, $"{path}[{i}]");
    }

    private static void Known(JsonObject o, HashSet<string> known, string path)
    {
        foreach (var (name, _) in o)
            if (!known.Contains(name))
                throw new WorkflowFormatException(UnknownField, $"{path}.{name}",
                    $"unknown field '{name}' (known here: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
    }
}
