using System.Text.Json.Nodes;
using CircuitBreaker.Gateway.Security;
using CircuitBreaker.Grains.Workflow;

namespace CircuitBreaker.Gateway.Api;

/// <summary><c>/api/v1/tokens</c>: create, read, list, fire, history, cancel, data, available transitions.</summary>
public static class TokenEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapTokenEndpoints(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens");

        tokens.MapPost("/", async (HttpContext http) =>
        {
            var body = (await JsonBody.ReadAsync(http.Request)).Allow("id", "workflowId", "workflowVersion", "startPlace", "data", "metadata");
            var scope = TenantScope.Of(http);
            var workflowId = IdRules.Require("workflowId", body.String("workflowId", required: true));
            var version = body.Integer("workflowVersion");
            var request = new CreateTokenRequest(workflowId)
            {
                WorkflowVersion = version switch
                {
                    null => null,
                    >= 1 and <= int.MaxValue => (int)version,
                    _ => throw ApiException.BadRequest("INVALID_INPUT", "'workflowVersion' must be a positive integer"),
                },
                StartPlace = body.String("startPlace"),
                DataJson = body.ObjectJson("data"),
                MetadataJson = body.ObjectJson("metadata"),
                TenantId = scope.Tenant,
            };
            // The workflow check first: a token must never be created in a workflow the caller cannot see.
            await scope.WorkflowAsync(workflowId, request.WorkflowVersion);
            var id = body.String("id") is { } given ? IdRules.Require("id", given) : "tok_" + Guid.NewGuid().ToString("N");
            var token = await scope.Token(id).Create(request);
            return Results.Created($"/api/v1/tokens/{Uri.EscapeDataString(id)}", ApiViews.Token(token));
        }).WithName("CreateToken").Accepts<CreateTokenBody>("application/json")
          .Produces<TokenResponse>(201).ProducesProblem(400).ProducesProblem(404);

        tokens.MapGet("/", async (HttpContext http, WorkflowDirectory directory) =>
        {
            var scope = TenantScope.Of(http);
            var q = http.Request;
            var page = await directory.ListTokensAsync(QueryParameters.String(q, "workflowId"), QueryParameters.String(q, "place"),
                Status(QueryParameters.String(q, "status")), (int)(QueryParameters.Integer(q, "first", 1, 1000) ?? 50),
                QueryParameters.String(q, "after"), scope.Tenant, http.RequestAborted);
            return Results.Ok(new PageResponse<TokenResponse>([.. page.Items.Select(ApiViews.Token)], page.EndCursor, page.HasNextPage));
        }).WithName("ListTokens").Produces<PageResponse<TokenResponse>>();

        tokens.MapGet("/{id}", async (string id, HttpContext http) =>
            Results.Ok(ApiViews.Token(await TenantScope.Of(http).TokenAsync(id))))
            .WithName("GetToken").Produces<TokenResponse>().ProducesProblem(404);

        tokens.MapPost("/{id}/fire", async (string id, HttpContext http) =>
        {
            var body = (await JsonBody.ReadAsync(http.Request)).Allow("transitionId", "data", "idempotencyKey", "expectedVersion", "actor");
            var scope = TenantScope.Of(http);
            var header = http.Request.Headers["Idempotency-Key"].ToString();
            var request = new FireTransitionRequest(IdRules.Require("transitionId", body.String("transitionId", required: true)))
            {
                DataPatchJson = body.ObjectJson("data"),
                IdempotencyKey = body.String("idempotencyKey") ?? (string.IsNullOrEmpty(header) ? null : header),
                ExpectedVersion = body.Integer("expectedVersion"),
                Actor = body.String("actor") ?? Caller.Of(http).Identity,
                TenantId = scope.Tenant,
            };
            var result = await scope.Token(id).Fire(request);
            return Results.Ok(new FireResponse(ApiViews.Token(result.Token), ApiViews.Entry(result.Entry), result.Replayed));
        }).WithName("FireTransition").Accepts<FireBody>("application/json")
          .Produces<FireResponse>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);

        tokens.MapGet("/{id}/history", async (string id, HttpContext http) =>
        {
            var scope = TenantScope.Of(http);
            await scope.TokenAsync(id);
            var after = QueryParameters.Integer(http.Request, "after", 0) ?? 0;
            var first = (int)(QueryParameters.Integer(http.Request, "first", 1, 1000) ?? 100);
            var page = await scope.Token(id).History(after, first);
            var items = page.Entries.Select(ApiViews.Entry).ToList();
            return Results.Ok(new HistoryPageResponse(items, items.Count > 0 ? items[^1].Sequence : null, page.HasMore, page.TotalCount));
        }).WithName("GetTokenHistory").Produces<HistoryPageResponse>().ProducesProblem(404);

        tokens.MapPost("/{id}/cancel", async (string id, HttpContext http) =>
        {
            var body = (await JsonBody.ReadAsync(http.Request, allowEmpty: true)).Allow("reason");
            var scope = TenantScope.Of(http);
            await scope.TokenAsync(id);
            var token = await scope.Token(id).Cancel(body.String("reason"), Caller.Of(http).Identity);
            return Results.Ok(ApiViews.Token(token));
        }).WithName("CancelToken").Produces<TokenResponse>().ProducesProblem(404).ProducesProblem(422);

        tokens.MapMethods("/{id}/data", ["PATCH", "PUT"], async (string id, HttpContext http) =>
        {
            var body = await JsonBody.ReadAsync(http.Request);
            var scope = TenantScope.Of(http);
            await scope.TokenAsync(id);
            // PATCH merges (JSON merge patch), PUT replaces; the body is the data, or {data, expectedVersion}.
            var wrapped = body.Root.Count <= 2 && body.Root.ContainsKey("data") && body.Root["data"] is JsonObject
                && body.Root.All(p => p.Key is "data" or "expectedVersion");
            var data = wrapped ? body.ObjectJson("data")! : body.Root.ToJsonString();
            var expected = wrapped ? body.Integer("expectedVersion") : null;
            var token = await scope.Token(id).UpdateData(data, HttpMethods.IsPut(http.Request.Method), expected);
            return Results.Ok(ApiViews.Token(token));
        }).WithName("UpdateTokenData").Accepts<JsonObject>("application/json")
          .Produces<TokenResponse>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);

        tokens.MapPatch("/{id}/metadata", async (string id, HttpContext http) =>
        {
            // The body is a JSON merge patch of the metadata (null removes a key).
            var body = await JsonBody.ReadAsync(http.Request);
            var scope = TenantScope.Of(http);
            await scope.TokenAsync(id);
            var token = await scope.Token(id).SetMetadata(body.Root.ToJsonString());
            return Results.Ok(ApiViews.Token(token));
        }).WithName("UpdateTokenMetadata").Accepts<JsonObject>("application/json")
          .Produces<TokenResponse>().ProducesProblem(400).ProducesProblem(404);

        tokens.MapGet("/{id}/transitions", async (string id, HttpContext http) =>
        {
            var scope = TenantScope.Of(http);
            await scope.TokenAsync(id);
            return Results.Ok(await scope.Token(id).AvailableTransitions());
        }).WithName("AvailableTransitions").Produces<IReadOnlyList<AvailableTransitionView>>().ProducesProblem(404);

        return api;
    }

    // An unknown status would match nothing: say so instead of answering an empty list.
    private static string? Status(string? status) => status is null or "active" or "completed" or "cancelled" ? status
        : throw ApiException.BadRequest("INVALID_INPUT", "query parameter 'status' must be active, completed or cancelled");
}

/// <summary>The body of <c>POST /api/v1/tokens</c> (documentation shape; the endpoint reads JSON by hand).</summary>
public sealed record CreateTokenBody(string WorkflowId, JsonObject? Data, JsonObject? Metadata, string? StartPlace, int? WorkflowVersion, string? Id);

/// <summary>The body of <c>POST /api/v1/tokens/{id}/fire</c> (documentation shape).</summary>
public sealed record FireBody(string TransitionId, JsonObject? Data, string? IdempotencyKey, long? ExpectedVersion, string? Actor);
