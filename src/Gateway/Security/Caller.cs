namespace CircuitBreaker.Gateway.Security;

/// <summary>Who is calling: the tenant whose things they see, and a stable identity for rate limiting.</summary>
/// <param name="Tenant">The tenant (null in open mode or for a key without tenant).</param>
/// <param name="Identity">A stable id of the credential (never the secret itself), or the client address when open.</param>
public sealed record Caller(string? Tenant, string Identity)
{
    private const string ItemKey = "circuit-breaker.caller";

    /// <summary>The caller of a request (anonymous, tenant-less when no credentials were needed).</summary>
    public static Caller Of(HttpContext http) =>
        http.Items.TryGetValue(ItemKey, out var c) && c is Caller caller ? caller : Anonymous(http);

    /// <summary>Attaches the caller to a request.</summary>
    public static void Set(HttpContext http, Caller caller) => http.Items[ItemKey] = caller;

    /// <summary>An unauthenticated caller identified by address.</summary>
    public static Caller Anonymous(HttpContext http) => new(null, "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"));
}
