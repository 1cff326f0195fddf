using CircuitBreaker.Workflow.Net;

namespace CircuitBreaker.Workflow.Tests;

/// <summary>Compact construction of nets for tests: arcs written "place" or "place*2".</summary>
internal static class NetBuilder
{
    public static Transition T(string id, string[] inputs, string[] outputs, string[]? anyOf = null) => new()
    {
        Id = id, Inputs = inputs.Select(Arc).ToList(), Outputs = outputs.Select(Arc).ToList(),
        AnyOf = (anyOf ?? []).Select(Arc).ToList(),
    };

    public static WorkflowDefinition Def(string[] places, Transition[] transitions, string[] initial, string[]? final = null) => new()
    {
        Id = "test", Places = places.Select(p => new Place(p)).ToList(), Transitions = [.. transitions],
        InitialMarking = initial.Select(Arc).ToList(), FinalPlaces = [.. final ?? []],
    };

    private static Arc Arc(string spec)
    {
        var parts = spec.Split('*');
        return new Arc(parts[0], parts.Length > 1 ? int.Parse(parts[1]) : 1);
    }
}
