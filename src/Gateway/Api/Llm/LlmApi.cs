using CircuitBreaker.Grains;
using CircuitBreaker.Storage;
using CircuitBreaker.Grains.Llm;
using System.Text.Json;
using System.Text.Json.Nodes;
using CircuitBreaker.Gateway.Security;
using CircuitBreaker.Llm;
using CircuitBreaker.Llm.Catalog;
using CircuitBreaker.Llm.Model;
using CircuitBreaker.Llm.Providers;
using CircuitBreaker.Llm.Routing;

namespace CircuitBreaker.Gateway.Api.Llm;

/// <summary>
/// The OpenAI-compatible API (<c>/v1/chat/completions</c>, <c>/v1/models</c>, <c>/v1/embeddings</c>) over the LLM router,
/// and its REST admin (<c>/api/v1/llm/...</c>).
/// </summary>
public static class LlmApi
{
    /// <summary>Header carrying the routing details as JSON.</summary>
    public const string RoutingHeader = "X-CircuitBreaker-Routing";

    private static readonly JsonSerializerOptions AdminJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapLlmApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/v1/chat/completions", ChatCompletions);
        app.MapPost("/v1/embeddings", Embeddings);
        app.MapGet("/v1/models", Models);
        var admin = app.MapGroup("/api/v1/llm");
        admin.MapGet("/providers", (CatalogStore catalog, ProviderCredentials credentials) =>
            Results.Json(catalog.Current.Providers.Values.OrderBy(p => p.Id).Select(p => ProviderView(p, credentials)), AdminJson));
        admin.MapGet("/providers/{id}", (string id, CatalogStore catalog, ProviderCredentials credentials) =>
            catalog.Current.Providers.TryGetValue(id, out var p) ? Results.Json(ProviderView(p, credentials), AdminJson)
                : Problem(404, "PROVIDER_NOT_FOUND", $"provider '{(id.Length > 100 ? id[..100] + "…" : id)}' is not in the catalog"));
        admin.MapPut("/providers/{id}", PutProvider);
        admin.MapGet("/virtual-models", (CatalogStore catalog) => Results.Json(catalog.Current.VirtualModels.Values.OrderBy(v => v.Name), AdminJson));
        admin.MapPut("/virtual-models/{name}", PutVirtualModel);
        admin.MapGet("/audit", Audit);
        admin.MapPost("/catalog/reload", (HttpContext http, CatalogStore catalog) => Admin(http, () =>
        {
            var c = catalog.Reload();
            return Results.Json(new { providers = c.Providers.Count, models = c.Models.Count, virtualModels = c.VirtualModels.Count }, AdminJson);
        }));
        return app;
    }

    private static async Task ChatCompletions(HttpContext http, LlmRouter router, IServiceProvider services)
    {
        try
        {
            var scopes = Scopes(http, services, out var unauthenticated);
            if (unauthenticated) throw new LlmException("UNAUTHENTICATED", 401, "an API key (Authorization: Bearer or X-Api-Key) is required");
            var request = OpenAiWireFormat.ParseRequest(await ReadJsonAsync(http));
            var allScopes = WithRequestScopes(http, scopes, request.User, request.Routing?.ProjectId ?? http.Request.Headers["X-Project-Id"].ToString());
            var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (!request.Stream)
            {
                var r = await router.CompleteAsync(request, allScopes, http.RequestAborted);
                http.Response.Headers[RoutingHeader] = JsonSerializer.Serialize(r.Routing);
                var body = OpenAiWireFormat.WriteResponse(r.Response, id, r.Routing.SelectedModel ?? request.Model, created);
                body["routing_info"] = JsonSerializer.SerializeToNode(r.Routing);
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
                return;
            }
            var stream = await router.StreamAsync(request, allScopes, http.RequestAborted);
            http.Response.Headers[RoutingHeader] = JsonSerializer.Serialize(stream.Routing);
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            var model = stream.Routing.SelectedModel ?? request.Model;
            try
            {
                await foreach (var chunk in stream.Chunks.WithCancellation(http.RequestAborted))
                    await WriteEventAsync(http, OpenAiWireFormat.WriteChunk(chunk, id, model, created));
            }
            catch (ProviderException e)
            {
                // Bytes already went out: the failure can only be reported inside the stream.
                await WriteEventAsync(http, new JsonObject { ["error"] = new JsonObject { ["message"] = e.Message, ["type"] = "api_error", ["code"] = e.Code } });
                return;
            }
            if (request.IncludeUsage)
            {
                var usageChunk = OpenAiWireFormat.WriteChunk(new StreamChunk { Usage = stream.Usage }, id, model, created, usageOnly: true);
                usageChunk["routing_info"] = JsonSerializer.SerializeToNode(stream.Routing);
                await WriteEventAsync(http, usageChunk);
            }
            await http.Response.WriteAsync("data: [DONE]\n\n", http.RequestAborted);
        }
        catch (LlmException e) when (!http.Response.HasStarted)
        {
            await OpenAiErrors.WriteAsync(http, e);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task Embeddings(HttpContext http, LlmRouter router, IServiceProvider services)
    {
        try
        {
            var scopes = Scopes(http, services, out var unauthenticated);
            if (unauthenticated) throw new LlmException("UNAUTHENTICATED", 401, "an API key (Authorization: Bearer or X-Api-Key) is required");
            var body = await ReadJsonAsync(http) as JsonObject ?? throw new LlmException("INVALID_REQUEST", 400, "the body must be a JSON object");
            OpenAiWireFormat.RequireKnown(body, OpenAiWireFormat.EmbeddingRequestFields);
            var model = body["model"] is JsonValue mv && mv.TryGetValue<string>(out var m) ? m : throw new LlmException("INVALID_REQUEST", 400, "'model' is required");
            List<string> inputs = body["input"] switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => [s],
                JsonArray a when a.Count > 0 && a.All(x => x is JsonValue xv && xv.TryGetValue<string>(out _)) => [.. a.Select(x => x!.GetValue<string>())],
                _ => throw new LlmException("INVALID_REQUEST", 400, "'input' must be a string or a non-empty array of strings"),
            };
            var user = body["user"] is JsonValue uv && uv.TryGetValue<string>(out var u) ? u : null;
            int? dimensions = body["dimensions"] is JsonValue dv && dv.TryGetValue<int>(out var d) ? d : null;
            var r = await router.EmbedAsync(new EmbeddingRequest(model, inputs, user, dimensions), WithRequestScopes(http, scopes, user, http.Request.Headers["X-Project-Id"].ToString()), http.RequestAborted);
            http.Response.Headers[RoutingHeader] = JsonSerializer.Serialize(r.Routing);
            var answer = new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray([.. r.Response.Vectors.Select((vec, i) => (JsonNode?)new JsonObject
                {
                    ["object"] = "embedding", ["index"] = i, ["embedding"] = new JsonArray([.. vec.Select(f => (JsonNode?)f)]),
                })]),
                ["model"] = r.Routing.SelectedModel ?? model,
                ["usage"] = new JsonObject { ["prompt_tokens"] = r.Response.Usage.PromptTokens, ["total_tokens"] = r.Response.Usage.TotalTokens },
                ["routing_info"] = JsonSerializer.SerializeToNode(r.Routing),
            };
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(answer.ToJsonString(), http.RequestAborted);
        }
        catch (LlmException e) when (!http.Response.HasStarted)
        {
            await OpenAiErrors.WriteAsync(http, e);
        }
    }

    private static IResult Models(CatalogStore catalog, ProviderCredentials credentials)
    {
        var c = catalog.Current;
        var data = new JsonArray();
        foreach (var v in c.VirtualModels.Values.OrderBy(v => v.Name))
            data.Add(new JsonObject { ["id"] = v.Name, ["object"] = "model", ["created"] = 0, ["owned_by"] = "circuit-breaker", ["virtual"] = true, ["strategy"] = v.Strategy, ["description"] = v.Description });
        foreach (var m in c.Models.OrderBy(m => m.Key))
        {
            var available = c.Providers.TryGetValue(m.Provider, out var p) && credentials.IsUsable(p);
            data.Add(new JsonObject
            {
                ["id"] = m.Key, ["object"] = "model", ["created"] = 0, ["owned_by"] = m.Provider, ["virtual"] = false, ["available"] = available,
                ["context_window"] = m.ContextWindow, ["capabilities"] = new JsonArray([.. m.Capabilities.Select(x => (JsonNode?)x)]),
                ["pricing"] = new JsonObject { ["input_per_token"] = m.InputPerToken, ["output_per_token"] = m.OutputPerToken, ["cached_input_per_token"] = m.CachedInputPerToken },
            });
        }
        return Results.Text(new JsonObject { ["object"] = "list", ["data"] = data }.ToJsonString(), "application/json");
    }

    private static async Task<IResult> PutProvider(string id, HttpContext http, CatalogStore catalog, ProviderCredentials credentials, CatalogChangeLog changes)
    {
        if (Forbidden(http) is { } forbidden) return forbidden;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100 || id.Contains('/'))
            return Results.Problem(statusCode: 400, title: "PROVIDER_INVALID", detail: "provider id must be 1-100 characters without '/'", extensions: new Dictionary<string, object?> { ["code"] = "PROVIDER_INVALID" });
        ProviderOverride change;
        try { change = JsonBody.Bind<ProviderOverride>(await BodyTextAsync(http), AdminJson); }
        catch (ApiException e) { return Problem(e.Status, e.Code, e.Message); }
        IResult? view = null;
        var refused = Admin(http, () => view = Results.Json(ProviderView(catalog.UpsertProvider(id, change).Providers[id], credentials), AdminJson));
        if (view is null) return refused;
        // Applied here, then kept and audited (and so applied by the other gateways and after a restart).
        await changes.RecordProviderAsync(id, change, null, Caller.Of(http));
        return view;
    }

    // Administrators' catalog changes, oldest first: who, when, what (the feed written with each change).
    private static async Task<IResult> Audit(HttpContext http, IStateStore storage)
    {
        if (Forbidden(http) is { } forbidden) return forbidden;
        var after = QueryParameters.Integer(http.Request, "after", 0) ?? 0;
        var first = (int)(QueryParameters.Integer(http.Request, "first", 1, 1000) ?? 100);
        var entries = await storage.ReadFeedAsync(LlmCatalogKeys.AuditFeed, after, first, cancellationToken: http.RequestAborted);
        return Results.Json(new
        {
            items = entries.Select(e => CatalogChangeLog.AuditView(e.Sequence, JsonSerializer.Deserialize<LlmCatalogChange>(e.Json, AdminJson)!)),
            endCursor = entries.Count == 0 ? after : entries[^1].Sequence,
        }, AdminJson);
    }

    private static async Task<IResult> PutVirtualModel(string name, HttpContext http, CatalogStore catalog, CatalogChangeLog changes)
    {
        if (Forbidden(http) is { } forbidden) return forbidden;
        VirtualModelEntry entry;
        try { entry = JsonBody.Bind<VirtualModelEntry>(await BodyTextAsync(http), AdminJson); }
        catch (ApiException e) { return Problem(e.Status, e.Code, e.Message); }
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100) return Problem(400, "VIRTUAL_MODEL_INVALID", "name must be 1-100 characters");
        if (RoutingStrategies.Parse(entry.Strategy) is null)
            return Problem(400, "INVALID_ROUTING_STRATEGY", $"unknown strategy '{entry.Strategy}' (failover, cost_optimized, latency_optimized, weighted, least_busy, task_specific)");
        var unknown = (entry.Models ?? []).Where(r => catalog.Current.Resolve(r).Count == 0).ToList();
        if (unknown.Count > 0) return Problem(400, "MODEL_NOT_FOUND", $"not in the catalog: {string.Join(", ", unknown)}");
        if (entry.Weights?.Values.Any(w => w < 0 || double.IsNaN(w)) == true) return Problem(400, "VIRTUAL_MODEL_INVALID", "weights must be non-negative numbers");
        var stored = entry with { Name = name, Models = entry.Models ?? [] };
        catalog.UpsertVirtualModel(stored);
        await changes.RecordVirtualModelAsync(stored, Caller.Of(http));
        return Results.Json(stored, AdminJson);
    }

    // Providers and virtual models are shared by every tenant and decide where keys are sent: administrators only, as in GraphQL.
    private static IResult? Forbidden(HttpContext http) => Caller.Of(http).Tenant is null ? null
        : Problem(403, "FORBIDDEN", "changing the LLM catalog needs administrator credentials (an API key without a tenant)");

    private static IResult Admin(HttpContext http, Func<IResult> action)
    {
        if (Forbidden(http) is { } forbidden) return forbidden;
        try { return action(); }
        catch (LlmException e) { return Problem(e.Status, e.Code, e.Message); }
    }

    private static async Task<string> BodyTextAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        return await reader.ReadToEndAsync(http.RequestAborted);
    }

    private static IResult Problem(int status, string code, string detail) =>
        Results.Problem(statusCode: status, title: code, detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code });

    private static object ProviderView(ProviderEntry p, ProviderCredentials credentials) => new
    {
        p.Id, p.Name, p.Adapter, p.BaseUrl, p.Auth, p.ApiKeyEnv, p.ApiKeyId, p.ChatPath, p.EmbeddingsPath, p.ApiVersion, p.Embeddings, p.TimeoutMs, p.Enabled,
        HasKey = credentials.KeyOf(p) is not null,
        Usable = credentials.IsUsable(p),
    };

    private static async Task<JsonNode?> ReadJsonAsync(HttpContext http)
    {
        // A duplicate key would leave two readings of one parameter; refuse it as /api/v1 does.
        try { return await JsonNode.ParseAsync(http.Request.Body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }, cancellationToken: http.RequestAborted); }
        catch (JsonException e) { throw new LlmException("INVALID_REQUEST", 400, "the body is not valid JSON: " + e.Message); }
    }

    // The caller's key is a budget scope. /v1 goes through the credential middleware like the rest of the API (keys and JWTs),
    // so an unauthenticated caller never gets here when credentials are configured.
    private static List<string> Scopes(HttpContext http, IServiceProvider services, out bool unauthenticated)
    {
        unauthenticated = false;
        var caller = Caller.Of(http);
        return caller.Identity.StartsWith("key:", StringComparison.Ordinal) || caller.Identity.StartsWith("jwt:", StringComparison.Ordinal)
            ? [caller.Identity] : [];
    }

    // Budgets and cost records are the caller's tenant's (TenantKeys): tenant a's user:alice is not tenant b's.
    private static List<string> WithRequestScopes(HttpContext http, List<string> scopes, string? user, string? project)
    {
        if (!string.IsNullOrWhiteSpace(user)) scopes.Insert(0, "user:" + user);
        if (!string.IsNullOrWhiteSpace(project)) scopes.Add("project:" + project);
        var tenant = Caller.Of(http).Tenant;
        return [.. scopes.Select(scope => TenantKeys.Of(tenant, scope))];
    }

    private static async Task WriteEventAsync(HttpContext http, JsonNode data)
    {
        await http.Response.WriteAsync("data: " + data.ToJsonString() + "\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }
}
