using System.Text.Json;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>Parses JSON object arguments of grain calls into clear <see cref="WorkflowException"/>s on bad input.</summary>
internal static class JsonObjects
{
    public static JsonObject Parse(string? json, string what)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new WorkflowException(WorkflowErrorCodes.InvalidInput, $"{what} is not valid JSON: {ex.Message}");
        }
        // Data from every front end (REST, GraphQL, .NET clients) passes here: NULs and lone surrogates would fail in storage.
        if (CircuitBreaker.Workflow.JsonTextRules.FindViolation(node) is { } bad)
            throw new WorkflowException(WorkflowErrorCodes.InvalidInput, $"{what}: {bad.Path} {bad.Problem}");
        return node switch
        {
            JsonObject o => o,
            null => [],
            _ => throw new WorkflowException(WorkflowErrorCodes.InvalidInput, $"{what} must be a JSON object"),
        };
    }
}
