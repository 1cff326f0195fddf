using System.Text.Json.Nodes;
using CircuitBreaker.Workflow;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Serialization;
using CircuitBreaker.Workflow.Validation;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>Turns a submitted definition document into a normalized, validated definition with a fixed id and version.</summary>
internal static class DefinitionDocument
{
    public static WorkflowDefinition Parse(string json, string workflowId, int version)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new WorkflowException(WorkflowErrorCodes.InvalidDefinition, $"definition is not valid JSON: {ex.Message}");
        }
        if (node is not JsonObject obj) throw new WorkflowException(WorkflowErrorCodes.InvalidDefinition, "definition must be a JSON object");
        // The grain key is the id; a different id in the document would split one workflow in two.
        obj["id"] = workflowId;
        obj["version"] = version;
        try
        {
            DefinitionFields.Check(obj);
            return WorkflowReader.Read(obj);
        }
        catch (WorkflowFormatException ex) when (ex.Code == DefinitionFields.UnknownField)
        {
            throw new WorkflowException(WorkflowErrorCodes.UnknownField, ex.Message);
        }
        catch (WorkflowFormatException ex)
        {
            throw new WorkflowException(WorkflowErrorCodes.InvalidDefinition, string.IsNullOrEmpty(ex.Path) ? ex.Detail : $"{ex.Path}: {ex.Detail}");
        }
    }

    public static ValidationIssueView View(ValidationIssue issue) =>
        new(issue.Severity == Severity.Error ? "error" : "warning", issue.Code, issue.Path, issue.Message);

    public static WorkflowException Invalid(ValidationResult result) => new(WorkflowErrorCodes.InvalidDefinition,
        "definition is invalid: " + string.Join("; ", result.Errors.Select(e => e.ToString())));
}
