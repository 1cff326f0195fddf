using System.Text.Json;
using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Net;

namespace CircuitBreaker.Workflow.Serialization;

/// <summary>Loads and saves workflow definitions as JSON (camelCase) or YAML.</summary>
public static class WorkflowSerializer
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Reads a definition from JSON text.</summary>
    /// <exception cref="WorkflowFormatException">Malformed JSON (<c>invalid_json</c>) or document.</exception>
    public static WorkflowDefinition FromJson(string json)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new WorkflowFormatException("invalid_json", $"line {e.LineNumber + 1}", e.Message); }
        return WorkflowReader.Read(node);
    }

    /// <summary>Reads a definition from YAML text.</summary>
    /// <exception cref="WorkflowFormatException">Malformed YAML (<c>invalid_yaml</c>) or document.</exception>
    public static WorkflowDefinition FromYaml(string yaml) => WorkflowReader.Read(YamlJson.Parse(yaml));

    /// <summary>Reads a definition, choosing the format by file extension (<c>.json</c>, <c>.yaml</c>, <c>.yml</c>).</summary>
    public static WorkflowDefinition FromText(string text, string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".json" => FromJson(text),
            ".yaml" or ".yml" => FromYaml(text),
            var ext => throw new WorkflowFormatException("unsupported_format", fileName, $"unsupported extension '{ext}' (use .json, .yaml or .yml)"),
        };

    /// <summary>Canonical JSON text.</summary>
    public static string ToJson(WorkflowDefinition definition) => WorkflowWriter.Write(definition).ToJsonString(Indented);

    /// <summary>Canonical YAML text.</summary>
    public static string ToYaml(WorkflowDefinition definition) => YamlJson.Write(WorkflowWriter.Write(definition));
}
