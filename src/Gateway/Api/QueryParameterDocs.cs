using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CircuitBreaker.Gateway.Api;

/// <summary>
/// Documents the query parameters and headers that endpoints read by hand (to answer wrong types with coded
/// problems), so the OpenAPI document still lists them.
/// </summary>
public static class QueryParameterDocs
{
    private static readonly Dictionary<string, (string Name, ParameterLocation In, JsonSchemaType Type, string Description)[]> ByOperation = new()
    {
        ["CreateWorkflow"] = [("requireSound", ParameterLocation.Query, JsonSchemaType.Boolean, "refuse an unsound definition (UNSOUND_WORKFLOW)")],
        ["PublishWorkflowVersion"] = [("requireSound", ParameterLocation.Query, JsonSchemaType.Boolean, "refuse an unsound definition")],
        ["ListWorkflows"] = [.. Paging],
        ["GetWorkflow"] = [("version", ParameterLocation.Query, JsonSchemaType.Integer, "a version (default: latest)")],
        ["AnalyzeWorkflow"] = [("version", ParameterLocation.Query, JsonSchemaType.Integer, "a version (default: latest)")],
        ["ExportWorkflowPnml"] = [("version", ParameterLocation.Query, JsonSchemaType.Integer, "a version (default: latest)")],
        ["ListTokens"] =
        [
            ("workflowId", ParameterLocation.Query, JsonSchemaType.String, "only tokens of this workflow"),
            ("place", ParameterLocation.Query, JsonSchemaType.String, "only tokens marking this place"),
            ("status", ParameterLocation.Query, JsonSchemaType.String, "active, completed or cancelled"),
            .. Paging,
        ],
        ["FireTransition"] = [("Idempotency-Key", ParameterLocation.Header, JsonSchemaType.String, "same as the body's idempotencyKey")],
        ["GetTokenHistory"] =
        [
            ("after", ParameterLocation.Query, JsonSchemaType.Integer, "entries with a greater sequence"),
            ("first", ParameterLocation.Query, JsonSchemaType.Integer, "page size (1-1000, default 100)"),
        ],
        ["ListRules"] = [("tag", ParameterLocation.Query, JsonSchemaType.String, "only rules with this tag"), .. Paging],
        ["Events"] =
        [
            ("tokenId", ParameterLocation.Query, JsonSchemaType.String, "events of one token; ids are its history sequences (created and updated events carry none)"),
            ("workflowId", ParameterLocation.Query, JsonSchemaType.String, "events of every token of a workflow in commit order; ids are the workflow's event sequences (1, 2, 3, …)"),
            ("Last-Event-ID", ParameterLocation.Header, JsonSchemaType.String,
                "resume after this id: the events after it are replayed from durable storage, then live ones follow with no gap and no duplicate"),
            ("lastEventId", ParameterLocation.Query, JsonSchemaType.Integer, "same as the Last-Event-ID header (for clients that cannot set headers)"),
        ],
    };

    private static (string, ParameterLocation, JsonSchemaType, string)[] Paging =>
    [
        ("first", ParameterLocation.Query, JsonSchemaType.Integer, "page size (1-1000)"),
        ("after", ParameterLocation.Query, JsonSchemaType.String, "the endCursor of the previous page"),
    ];

    /// <summary>Adds the documented parameters to each operation by its name.</summary>
    public static void Add(OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        if (operation.OperationId is { } id && ByOperation.TryGetValue(id, out var parameters))
        {
            operation.Parameters ??= [];
            foreach (var (name, location, type, description) in parameters)
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = location,
                    Description = description,
                    Schema = new OpenApiSchema { Type = type },
                });
        }
        return Task.CompletedTask;
    });
}
