using System.Text.Json.Nodes;
using CircuitBreaker.Grains.Workflow;

namespace CircuitBreaker.Gateway.Api;

/// <summary><c>/api/v1/rules</c>: create, read, list by tag, update, delete, evaluate.</summary>
public static class RuleEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapRuleEndpoints(this RouteGroupBuilder api)
    {
        var rules = api.MapGroup("/rules").WithTags("Rules");

        rules.MapPost("/", async (HttpContext http) =>
        {
            // Unknown fields, at the top and inside definitions and conditions, are the rule grain's to refuse (ConditionFields),
            // so REST, GraphQL and .NET clients get the same answer.
            var body = await JsonBody.ReadAsync(http.Request);
            var id = IdRules.Require("id", body.String("id", required: true));
            var scope = TenantScope.Of(http);
            var rule = await scope.Rule(id).Create(body.Root.ToJsonString(), scope.Tenant);
            return Results.Created($"/api/v1/rules/{Uri.EscapeDataString(id)}", ApiViews.Rule(rule));
        }).WithName("CreateRule").Accepts<JsonObject>("application/json")
          .Produces<RuleResponse>(201).ProducesProblem(400).ProducesProblem(409);

        rules.MapGet("/", async (HttpContext http, WorkflowDirectory directory) =>
        {
            var scope = TenantScope.Of(http);
            var page = await directory.ListRulesAsync(QueryParameters.String(http.Request, "tag"), scope.Tenant,
                (int)(QueryParameters.Integer(http.Request, "first", 1, 1000) ?? 100), QueryParameters.String(http.Request, "after"),
                http.RequestAborted);
            return Results.Ok(new PageResponse<RuleResponse>([.. page.Items.Where(r => scope.Sees(r.TenantId)).Select(ApiViews.Rule)],
                page.EndCursor, page.HasNextPage));
        }).WithName("ListRules").Produces<PageResponse<RuleResponse>>();

        rules.MapGet("/{id}", async (string id, HttpContext http) => Results.Ok(ApiViews.Rule(await TenantScope.Of(http).RuleAsync(id))))
            .WithName("GetRule").Produces<RuleResponse>().ProducesProblem(404);

        rules.MapPut("/{id}", async (string id, HttpContext http) =>
        {
            var body = await JsonBody.ReadAsync(http.Request);
            if (body.String("id") is { } bodyId && bodyId != id)
                throw ApiException.BadRequest("INVALID_INPUT", $"the body's id '{bodyId}' differs from the path's '{id}'");
            body.Root["id"] = id;
            var scope = TenantScope.Of(http);
            await scope.RuleAsync(id);
            return Results.Ok(ApiViews.Rule(await scope.Rule(id).Update(body.Root.ToJsonString(), scope.Tenant)));
        }).WithName("UpdateRule").Accepts<JsonObject>("application/json").Produces<RuleResponse>().ProducesProblem(400).ProducesProblem(404);

        rules.MapDelete("/{id}", async (string id, HttpContext http) =>
        {
            var scope = TenantScope.Of(http);
            await scope.RuleAsync(id);
            await scope.Rule(id).Delete(scope.Tenant);
            return Results.NoContent();
        }).WithName("DeleteRule").Produces(204).ProducesProblem(404);

        rules.MapPost("/{id}/evaluate", async (string id, HttpContext http) =>
        {
            var body = (await JsonBody.ReadAsync(http.Request, allowEmpty: true)).Allow("data", "metadata");
            var scope = TenantScope.Of(http);
            await scope.RuleAsync(id);
            var result = await scope.Rule(id).Evaluate(body.ObjectJson("data") ?? "{}", body.ObjectJson("metadata"));
            return Results.Ok(new RuleEvaluationResponse(result.Passed, result.Reason, JsonNode.Parse(result.TraceJson)));
        }).WithName("EvaluateRule").Produces<RuleEvaluationResponse>().ProducesProblem(400).ProducesProblem(404);

        return api;
    }
}
