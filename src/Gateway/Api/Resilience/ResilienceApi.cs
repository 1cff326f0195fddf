using CircuitBreaker.Grains;
using System.Text.Json;
using CircuitBreaker.Gateway.Security;
using CircuitBreaker.Grains.Resilience;
using Orleans;

namespace CircuitBreaker.Gateway.Api.Resilience;

/// <summary>REST endpoints of the cluster-wide circuit breakers (<c>/api/v1/breakers</c>) and LLM budgets (<c>/api/v1/budgets</c>).</summary>
public static class ResilienceApi
{
    // The resolver is set so that JsonBody.Bind can ask for a type's JSON properties before any body was read.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
    private static readonly string[] ScopeKinds = ["user:", "project:", "team:", "key:"];
    private const int MaxIdLength = 256;

    /// <summary>Maps the breaker and budget endpoints; errors are <c>application/problem+json</c> with a <c>code</c>.</summary>
    public static IEndpointRouteBuilder MapResilienceApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var breakers = app.MapGroup("/api/v1/breakers");
        breakers.MapPut("/{id}", (string id, HttpContext http, IGrainFactory grains) =>
            Handle(http, async () => Results.Ok(Named(http, await Breaker(http, grains, id, changes: true).Configure(await Body<BreakerSettings>(http) ?? new BreakerSettings())))));
        breakers.MapGet("/{id}", (string id, HttpContext http, IGrainFactory grains) =>
            Handle(http, async () => Results.Ok(Named(http, await Breaker(http, grains, id, changes: false).GetState()))));
        breakers.MapPost("/{id}/acquire", (string id, HttpContext http, IGrainFactory grains) =>
            Handle(http, async () =>
            {
                await NoFields(http);
                return Results.Ok(await Breaker(http, grains, id, changes: true).TryAcquire());
            }));
        breakers.MapPost("/{id}/record", (string id, HttpContext http, IGrainFactory grains) => Handle(http, async () =>
        {
            var body = await Body<RecordRequest>(http) ?? throw Invalid("INVALID_BODY", "a JSON body {outcome, durationMs} is required");
            var outcome = body.Outcome?.ToLowerInvariant() switch
            {
                "success" => BreakerOutcome.Success,
                "failure" => BreakerOutcome.Failure,
                "ignored" => BreakerOutcome.Ignored,
                _ => throw Invalid("BREAKER_OUTCOME_UNKNOWN", $"outcome must be success, failure or ignored, got '{body.Outcome}'"),
            };
            var breaker = Breaker(http, grains, id, changes: true);
            await breaker.Record(outcome, body.DurationMs ?? 0);
            return Results.Ok(Named(http, await breaker.GetState()));
        }));
        breakers.MapPost("/{id}/{action}", (string id, string action, HttpContext http, IGrainFactory grains) => Handle(http, async () =>
        {
            await NoFields(http);
            var breaker = Breaker(http, grains, id, changes: true);
            return Results.Ok(Named(http, action switch
            {
                "force-open" => await breaker.ForceOpen(),
                "close" => await breaker.Close(),
                "reset" => await breaker.Reset(),
                "disable" => await breaker.Disable(),
                _ => throw new ResilienceApiException(404, "BREAKER_ACTION_UNKNOWN", $"unknown breaker action '{action}' (force-open, close, reset, disable)"),
            }));
        }));

        var budgets = app.MapGroup("/api/v1/budgets");
        budgets.MapPut("/{scope}", (string scope, HttpContext http, IGrainFactory grains) => Handle(http, async () =>
        {
            var body = await Body<SetBudgetRequest>(http) ?? throw Invalid("INVALID_BODY", "a JSON body {limit, period, warningThreshold} is required");
            return Results.Ok(Named(http, await Budget(http, grains, scope).SetBudget(body.Limit, body.Period ?? "", body.WarningThreshold, body.Enforcement)));
        }));
        budgets.MapGet("/{scope}", (string scope, HttpContext http, IGrainFactory grains) =>
            Handle(http, async () => Results.Ok(Named(http, await Budget(http, grains, scope).GetStatus()))));
        budgets.MapPost("/{scope}/reserve", (string scope, HttpContext http, IGrainFactory grains) => Handle(http, async () =>
        {
            var body = await Body<ReserveRequest>(http);
            if (body?.Amount is not { } amount) throw Invalid("BUDGET_AMOUNT_REQUIRED", "amount is required");
            return Results.Ok(await Budget(http, grains, scope).Reserve(amount, body.TtlMs));
        }));
        budgets.MapPost("/{scope}/commit", (string scope, HttpContext http, IGrainFactory grains) => Handle(http, async () =>
        {
            var body = await Body<CommitRequest>(http);
            if (string.IsNullOrEmpty(body?.ReservationId)) throw Invalid("BUDGET_RESERVATION_ID_REQUIRED", "reservationId is required");
            if (body.Actual is not { } actual) throw Invalid("BUDGET_AMOUNT_REQUIRED", "actual is required");
            var result = await Budget(http, grains, scope).Commit(body.ReservationId, actual, body.Provider ?? "unknown", body.Model ?? "unknown", body.Tokens);
            if (!result.Recorded) throw new ResilienceApiException(404, result.Code ?? "BUDGET_RESERVATION_NOT_FOUND", result.Message ?? "reservation not found");
            return Results.Ok(result);
        }));
        budgets.MapPost("/{scope}/release", (string scope, HttpContext http, IGrainFactory grains) => Handle(http, async () =>
        {
            var body = await Body<ReleaseRequest>(http);
            if (string.IsNullOrEmpty(body?.ReservationId)) throw Invalid("BUDGET_RESERVATION_ID_REQUIRED", "reservationId is required");
            if (!await Budget(http, grains, scope).Release(body.ReservationId))
                throw new ResilienceApiException(404, "BUDGET_RESERVATION_NOT_FOUND", $"reservation '{body.ReservationId}' is not outstanding");
            return Results.Ok(new { released = true, reservationId = body.ReservationId });
        }));
        return app;
    }

    // A tenant's breaker and budget names are scoped to the tenant (TenantKeys); shared llm: breakers are read-only to tenants.
    private static ICircuitBreakerGrain Breaker(HttpContext http, IGrainFactory grains, string id, bool changes)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength)
            throw Invalid("BREAKER_ID_INVALID", $"breaker id must be 1–{MaxIdLength} characters");
        var tenant = Caller.Of(http).Tenant;
        if (changes && tenant is not null && TenantKeys.IsShared(id))
            throw new ResilienceApiException(403, "FORBIDDEN", $"breaker '{id}' is shared by every tenant; changing it needs administrator credentials");
        return grains.GetGrain<ICircuitBreakerGrain>(TenantKeys.Breaker(tenant, id));
    }

    private static ILlmBudgetGrain Budget(HttpContext http, IGrainFactory grains, string scope)
    {
        if (scope.Length > MaxIdLength || !ScopeKinds.Any(k => scope.StartsWith(k, StringComparison.Ordinal) && scope.Length > k.Length))
            throw Invalid("BUDGET_SCOPE_INVALID", $"scope must be user:{{id}}, project:{{id}}, team:{{id}} or key:{{id}}, got '{scope}'");
        return grains.GetGrain<ILlmBudgetGrain>(TenantKeys.Of(Caller.Of(http).Tenant, scope));
    }

    private static BreakerView Named(HttpContext http, BreakerView view) => view with { Id = TenantKeys.NameOf(Caller.Of(http).Tenant, view.Id) };

    private static BudgetStatusView Named(HttpContext http, BudgetStatusView view) => view with { BudgetId = TenantKeys.NameOf(Caller.Of(http).Tenant, view.BudgetId) };

    // The API's strict reader (duplicate keys, U+0000 and lone surrogates are INVALID_JSON), and fields the request type does
    // not have are UNKNOWN_FIELD with their path, as on the rest of /api/v1: a misspelt "failureRateThreshhold" would
    // otherwise configure a breaker with the default threshold without a word. An empty body is null.
    private static async Task<T?> Body<T>(HttpContext http) where T : class
    {
        if (await Text(http) is not { } text) return null;
        return JsonBody.Bind<T>(text, Json);
    }

    // Endpoints that take no fields still refuse a body that has some, rather than ignoring them.
    private static async Task NoFields(HttpContext http)
    {
        if (await Text(http) is { } text) JsonBody.Parse(text).Allow();
    }

    private static async Task<string?> Text(HttpContext http)
    {
        if (http.Request.ContentLength == 0) return null;
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(http.RequestAborted);
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private static async Task<IResult> Handle(HttpContext http, Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ResilienceApiException ex)
        {
            return Problem(http, ex.Status, ex.Code, ex.Message);
        }
        catch (ApiException ex)
        {
            return Problem(http, ex.Status, ex.Code, ex.Message);
        }
        catch (ResilienceException ex)
        {
            return Problem(http, StatusCodes.Status400BadRequest, ex.Code, ex.Message);
        }
    }

    private static IResult Problem(HttpContext http, int status, string code, string detail) => Results.Problem(
        detail: detail, statusCode: status, instance: http.Request.Path,
        title: status switch { 404 => "Not found", 403 => "Forbidden", _ => "Bad request" },
        extensions: new Dictionary<string, object?> { ["code"] = code });

    private static ResilienceApiException Invalid(string code, string message) => new(400, code, message);

    private sealed class ResilienceApiException(int status, string code, string message) : Exception(message)
    {
        public int Status { get; } = status;
        public string Code { get; } = code;
    }
}
