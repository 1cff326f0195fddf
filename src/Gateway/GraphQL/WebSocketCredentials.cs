using CircuitBreaker.Gateway.Security;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>
/// Authenticates graphql-transport-ws connections. The upgrade GET passes the credentials middleware (browsers
/// cannot set headers on a WebSocket), so the API key comes in the <c>connection_init</c> payload
/// (<c>apiKey</c>, <c>X-Api-Key</c> or <c>Authorization: "Bearer …"</c>) or in the upgrade request's headers.
/// </summary>
public static class WebSocketCredentials
{
    /// <summary>True when the connection may proceed; sets the <see cref="Caller"/> its subscriptions run as.</summary>
    public static ValueTask<bool> AcceptAsync(HttpContext http, IReadOnlyDictionary<string, object?>? payload)
    {
        var settings = http.RequestServices.GetService<GatewaySettings>();
        if (settings is null || !settings.RequiresCredentials) return ValueTask.FromResult(true);
        var keys = http.RequestServices.GetRequiredService<ApiKeyDirectory>();
        var presented = Presented(http, payload);
        if (presented is null || keys.Find(presented) is not { } caller) return ValueTask.FromResult(false);
        Caller.Set(http, caller);
        return ValueTask.FromResult(true);
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
