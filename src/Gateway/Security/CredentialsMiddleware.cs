using CircuitBreaker.Gateway.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace CircuitBreaker.Gateway.Security;

/// <summary>
/// Resolves the caller of API requests from <c>X-Api-Key</c>, <c>Authorization: Bearer &lt;api key&gt;</c> or a JWT
/// (tenant from its tenant claim). When credentials are configured, API requests without valid ones get 401.
/// An administrator (a key without tenant) acts within one tenant's names by sending <see cref="ActAsTenantHeader"/>.
/// </summary>
public sealed class CredentialsMiddleware(GatewaySettings settings, ApiKeyDirectory keys, FailedAuthenticationThrottle? throttle = null)
{
    /// <summary>The header an administrator names a tenant with, to address that tenant's workflows, tokens, rules, breakers and budgets by their names.</summary>
    public const string ActAsTenantHeader = "X-Tenant-Id";

    /// <summary>Paths that need credentials and count toward the rate limit: the API, GraphQL and the OpenAI-compatible <c>/v1</c> routes (pages, health and the OpenAPI document stay open).</summary>
    public static bool IsProtected(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/graphql") || path.StartsWithSegments("/v1");

    /// <summary>The middleware body.</summary>
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var metrics = settings.Metrics.RequireCredentials && http.Request.Path.StartsWithSegments("/metrics");
        if (!settings.RequiresCredentials || !(metrics || IsProtected(http.Request.Path)) || HttpMethods.IsOptions(http.Request.Method)
            || (http.Request.Path.StartsWithSegments("/graphql") && HttpMethods.IsGet(http.Request.Method) && !http.Request.Query.ContainsKey("query")))
        {
            await next(http);
            return;
        }
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle?.RetryAfter(address) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ProblemResponses.WriteAsync(http, 429, "AUTHENTICATION_THROTTLED",
                $"more than {throttle.Failures} failed authentications from this address within {throttle.Window.TotalSeconds:0} s; retry after {seconds} s");
            return;
        }
        var caller = await ResolveAsync(http);
        if (caller is null)
        {
            // Only presented credentials are guesses; a request without any (a browser opening /graphql) is not counted.
            if (PresentsCredentials(http.Request)) throttle?.RecordFailure(address);
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await ProblemResponses.WriteAsync(http, 401, "UNAUTHENTICATED",
                "an API key (X-Api-Key or Authorization: Bearer) or a valid JWT is required");
            return;
        }
        if (metrics && caller.Tenant is not null)
        {
            await ProblemResponses.WriteAsync(http, 403, "FORBIDDEN", "/metrics covers every tenant: it needs an administrator key (one without tenant)");
            return;
        }
        var actAs = http.Request.Headers[ActAsTenantHeader].ToString();
        if (actAs.Length > 0)
        {
            if (!IdRules.IsValid(actAs))
            {
                await ProblemResponses.WriteAsync(http, 400, "INVALID_INPUT", $"{ActAsTenantHeader} must be 1-{IdRules.MaxLength} letters, digits or _ - . : @");
                return;
            }
            if (caller.Tenant is not null && caller.Tenant != actAs)
            {
                await ProblemResponses.WriteAsync(http, 403, "FORBIDDEN", $"only an administrator may act for another tenant ({ActAsTenantHeader})");
                return;
            }
            caller = caller with { Tenant = actAs };
        }
        Caller.Set(http, caller);
        await next(http);
    }

    private static bool PresentsCredentials(HttpRequest request) =>
        !string.IsNullOrEmpty(request.Headers["X-Api-Key"].ToString()) || !string.IsNullOrEmpty(request.Headers.Authorization.ToString());

    private async Task<Caller?> ResolveAsync(HttpContext http)
    {
        var apiKey = http.Request.Headers["X-Api-Key"].ToString();
        if (!string.IsNullOrEmpty(apiKey)) return keys.Find(apiKey);
        var authorization = http.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var bearer = authorization["Bearer ".Length..].Trim();
        if (keys.Find(bearer) is { } byKey) return byKey;
        if (!settings.Jwt.Enabled) return null;
        var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded || result.Principal is null) return null;
        // A JWT without a tenant would see every tenant's things: refuse it instead.
        var tenant = result.Principal.FindFirst(settings.Jwt.TenantClaim)?.Value;
        if (string.IsNullOrEmpty(tenant)) return null;
        var subject = result.Principal.FindFirst("sub")?.Value ?? tenant ?? "jwt";
        return new Caller(tenant, "jwt:" + subject);
    }
}
