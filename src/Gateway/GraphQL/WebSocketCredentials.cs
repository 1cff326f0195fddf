using CircuitBreaker.Gateway.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>
/// Authenticates graphql-transport-ws connections. The upgrade GET passes the credentials middleware (browsers
/// cannot set headers on a WebSocket), so the credential comes in the <c>connection_init</c> payload
/// (<c>apiKey</c>, <c>X-Api-Key</c>, or <c>Authorization: "Bearer &lt;api key or JWT&gt;"</c>) or in the upgrade request's headers.
/// </summary>
public static class WebSocketCredentials
{
    /// <summary>True when the connection may proceed; sets the <see cref="Caller"/> its subscriptions run as.</summary>
    public static async ValueTask<bool> AcceptAsync(HttpContext http, IReadOnlyDictionary<string, object?>? payload)
    {
        var settings = http.RequestServices.GetService<GatewaySettings>();
        if (settings is null || !settings.RequiresCredentials) return true;
        var presented = Presented(http, payload);
        if (presented is null) return false;
        var caller = http.RequestServices.GetRequiredService<ApiKeyDirectory>().Find(presented) ?? await FromJwtAsync(http, settings, presented);
        if (caller is null) return false;
        Caller.Set(http, caller);
        return true;
    }

    /// <summary>
    /// Validates a JWT with the gateway's bearer options (the request's cached authentication result is for the
    /// upgrade request, which carried none); like HTTP requests, a JWT without a tenant is refused.
    /// </summary>
    private static async Task<Caller?> FromJwtAsync(HttpContext http, GatewaySettings settings, string token)
    {
        if (!settings.Jwt.Enabled) return null;
        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        foreach (var handler in options.TokenHandlers)
        {
            var result = await handler.ValidateTokenAsync(token, options.TokenValidationParameters);
            if (!result.IsValid) continue;
            var tenant = result.ClaimsIdentity.FindFirst(settings.Jwt.TenantClaim)?.Value;
            if (string.IsNullOrEmpty(tenant)) return null;
            return new Caller(tenant, "jwt:" + (result.ClaimsIdentity.FindFirst("sub")?.Value ?? tenant));
        }
        return null;
    }

    private static string? Presented(HttpContext http, IReadOnlyDictionary<string, object?>? payload)
    {
        foreach (var key in new[] { "apiKey", "X-Api-Key", "x-api-key" })
            if (payload?.GetValueOrDefault(key) is string s && s.Length > 0) return s;
        var authorization = payload?.GetValueOrDefault("Authorization") as string ?? payload?.GetValueOrDefault("authorization") as string
            ?? http.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return authorization["Bearer ".Length..].Trim();
        var header = http.Request.Headers["X-Api-Key"].ToString();
        return header.Length > 0 ? header : null;
    }
}
