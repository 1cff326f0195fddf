using System.Text.Json.Nodes;
using CircuitBreaker.Gateway.GraphQL;
using CircuitBreaker.Grains.Workflow;
using CircuitBreaker.Workflow;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Serialization;
using CircuitBreaker.Workflow.Validation;

namespace CircuitBreaker.Gateway.Api;

/// <summary><c>/api/v1/workflows</c>: create, read, list, versions, validate, analyze, PNML export. Definitions are JSON, YAML or PNML.</summary>
public static class WorkflowEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapWorkflowEndpoints(this RouteGroupBuilder api)
    {
        var workflows = api.MapGroup("/workflows").WithTags("Workflows");

        workflows.MapPost("/", async (HttpContext http) =>
        {
            var document = await DefinitionBody(http.Request);
            // Without an id, one is made from the name as GraphQL's createWorkflow makes it (slug_xxxxxxxx).
            var id = document["id"] switch
            {
                null => IdSlug.New(document["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : null, "workflow"),
                JsonValue v when v.TryGetValue<string>(out var s) => IdRules.Require("id", s),
                _ => throw ApiException.BadRequest("INVALID_INPUT", "the definition's 'id' must be a string"),
            };
            document["id"] = id;
            var scope = TenantScope.Of(http);
            var requireSound = QueryParameters.Boolean(http.Request, "requireSound") ?? false;
            var created = await scope.Workflow(id).Create(document.ToJsonString(), scope.Tenant, requireSound);
            return Results.Created($"/api/v1/workflows/{Uri.EscapeDataString(id)}", ApiViews.Workflow(created));
        }).WithName("CreateWorkflow").Accepts<JsonObject>("application/json", ["application/yaml", .. PnmlBody.MediaTypes])
          .Produces<WorkflowResponse>(201).ProducesProblem(400).ProducesProblem(409);

        workflows.MapGet("/", async (HttpContext http, WorkflowDirectory directory) =>
        {
            var scope = TenantScope.Of(http);
            var first = (int)(QueryParameters.Integer(http.Request, "first", 1, 1000) ?? 100);
            var page = await directory.ListWorkflowsAsync(scope.Tenant, first, QueryParameters.String(http.Request, "after"), http.RequestAborted);
            return Results.Ok(new PageResponse<WorkflowResponse>([.. page.Items.Where(w => scope.Sees(w.TenantId)).Select(ApiViews.Workflow)],
                page.EndCursor, page.HasNextPage));
        }).WithName("ListWorkflows").Produces<PageResponse<WorkflowResponse>>();

        workflows.MapGet("/{id}", async (string id, HttpContext http) =>
        {
            var version = (int?)QueryParameters.Integer(http.Request, "version", 1, int.MaxValue);
            return Results.Ok(ApiViews.Workflow(await TenantScope.Of(http).WorkflowAsync(id, version)));
        }).WithName("GetWorkflow").Produces<WorkflowResponse>().ProducesProblem(404);

        workflows.MapGet("/{id}/pnml", async (string id, HttpContext http) =>
        {
            var version = (int?)QueryParameters.Integer(http.Request, "version", 1, int.MaxValue);
            var view = await TenantScope.Of(http).WorkflowAsync(id, version);
            return Results.Text(PnmlBody.Export(view), PnmlBody.MediaType, System.Text.Encoding.UTF8);
        }).WithName("ExportWorkflowPnml").Produces<string>(200, PnmlBody.MediaType).ProducesProblem(404);

        workflows.MapGet("/{id}/versions", async (string id, HttpContext http) =>
        {
            var scope = TenantScope.Of(http);
            await scope.WorkflowAsync(id);
            var versions = await scope.Workflow(id).ListVersions();
            return Results.Ok(versions.Select(ApiViews.Workflow).ToList());
        }).WithName("ListWorkflowVersions").Produces<List<WorkflowResponse>>().ProducesProblem(404);

        workflows.MapPost("/{id}/versions", async (string id, HttpContext http) =>
        {
            var document = await DefinitionBody(http.Request);
            var scope = TenantScope.Of(http);
            await scope.WorkflowAsync(id);
            var requireSound = QueryParameters.Boolean(http.Request, "requireSound") ?? false;
            var published = await scope.Workflow(id).PublishVersion(document.ToJsonString(), scope.Tenant, requireSound);
            return Results.Created($"/api/v1/workflows/{Uri.EscapeDataString(id)}?version={published.Version}", ApiViews.Workflow(published));
        }).WithName("PublishWorkflowVersion").Accepts<JsonObject>("application/json", ["application/yaml", .. PnmlBody.MediaTypes])
          .Produces<WorkflowResponse>(201).ProducesProblem(400).ProducesProblem(404);

        workflows.MapGet("/{id}/analysis", async (string id, HttpContext http) =>
        {
            var version = (int?)QueryParameters.Integer(http.Request, "version", 1, int.MaxValue);
            var scope = TenantScope.Of(http);
            await scope.WorkflowAsync(id, version);
            var analysis = await scope.Workflow(id).Analyze(version, http.RequestAborted);
            return Results.Ok(new
            {
                workflowId = analysis.WorkflowId,
                version = analysis.Version,
                sound = analysis.Sound,
                summary = analysis.Summary,
                report = JsonNode.Parse(analysis.ReportJson)
            });
        }).WithName("AnalyzeWorkflow").ProducesProblem(404);

        workflows.MapPost("/analyze", async (HttpContext http) =>
        {
            // An unsaved definition: validated first (the analysis needs a well-formed net), then analysed here.
            var document = await DefinitionBody(http.Request);
            var validation = await ValidateAsync(document, TenantScope.Of(http), Limits(http));
            if (!validation.Valid)
                throw ApiException.BadRequest(WorkflowErrorCodes.InvalidDefinition,
                    "definition is invalid: " + string.Join("; ", validation.Errors.Select(e => $"{e.Path}: {e.Message}")));
            var definition = WorkflowReader.Read(document);
            var settings = http.RequestServices.GetRequiredService<GatewaySettings>();
            // Off the request thread: the run is CPU-bound, ends at the budget and stops when the caller goes away.
            var analysis = await Task.Run(() => WorkflowAnalysis.Analyze(definition, settings.Analysis, http.RequestAborted), http.RequestAborted);
            return Results.Ok(new { sound = analysis.Sound, summary = analysis.Summary, report = JsonNode.Parse(analysis.ReportJson) });
        }).WithName("AnalyzeUnsavedWorkflow").Accepts<JsonObject>("application/json", ["application/yaml", .. PnmlBody.MediaTypes]).ProducesProblem(400);

        workflows.MapPost("/validate", async (HttpContext http) =>
        {
            var document = await DefinitionBody(http.Request);
            return Results.Ok(await ValidateAsync(document, TenantScope.Of(http), Limits(http)));
        }).WithName("ValidateWorkflow").Accepts<JsonObject>("application/json", ["application/yaml", .. PnmlBody.MediaTypes])
          .Produces<ValidationResponse>().ProducesProblem(400);

        return api;
    }

    private static DefinitionLimits Limits(HttpContext http) => http.RequestServices.GetRequiredService<GatewaySettings>().Definitions;

    /// <summary>Validates a definition without saving it: structural errors, unknown rules, warnings; 413 when it is over a size limit.</summary>
    public static async Task<ValidationResponse> ValidateAsync(JsonObject document, TenantScope scope, DefinitionLimits limits)
    {
        WorkflowDefinition definition;
        try
        {
            DefinitionFields.Check(document);
            definition = WorkflowReader.Read(document);
        }
        catch (WorkflowFormatException ex)
        {
            return new ValidationResponse(false, [new ValidationIssueView("error", ex.Code, ex.Path, ex.Detail)], []);
        }
        RequireWithinLimits(definition, limits);
        var referenced = definition.Transitions
            .SelectMany((t, i) => t.Conditions.SelectMany((c, j) => WorkflowValidator.RuleReferences(c, $"transitions[{i}].conditions[{j}]")))
            .Select(r => r.RuleId).Distinct().ToList();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ruleId in referenced)
            if (await scope.Rule(ruleId).Get() is { } rule && scope.Sees(rule.TenantId)) known.Add(ruleId);
        var result = WorkflowValidator.Validate(definition, known.Contains);
        return new ValidationResponse(result.IsValid, [.. result.Errors.Select(View)], [.. result.Warnings.Select(View)]);
    }

    /// <summary>Refuses a definition over a size limit: 413 <c>DEFINITION_TOO_LARGE</c> naming the limit.</summary>
    public static void RequireWithinLimits(WorkflowDefinition definition, DefinitionLimits limits)
    {
        if (limits.Violation(definition) is { } tooLarge)
            throw new ApiException(413, WorkflowErrorCodes.DefinitionTooLarge, tooLarge);
    }

    private static ValidationIssueView View(ValidationIssue i) =>
        new(i.Severity == Severity.Error ? "error" : "warning", i.Code, i.Path, i.Message);

    /// <summary>A definition body: JSON, or YAML or PNML when the content type says so.</summary>
    private static async Task<JsonObject> DefinitionBody(HttpRequest request)
    {
        if (PnmlBody.IsPnml(request.ContentType))
        {
            using var reader = new StreamReader(request.Body);
            return PnmlBody.Import(await reader.ReadToEndAsync(request.HttpContext.RequestAborted));
        }
        if (request.ContentType?.Contains("yaml", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            try
            {
                return YamlJson.Parse(text) as JsonObject
                    ?? throw ApiException.BadRequest("INVALID_INPUT", "the YAML document must be a mapping");
            }
            catch (WorkflowFormatException ex)
            {
                throw ApiException.BadRequest("INVALID_YAML", $"{ex.Path}: {ex.Detail}");
            }
        }
        return (await JsonBody.ReadAsync(request)).Root;
    }
}
