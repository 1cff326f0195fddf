using Microsoft.AspNetCore.Http;

namespace CircuitBreaker.GraphQL.AspNetCore;

/// <summary>Options of the GraphQL endpoint (HTTP, WebSocket, SSE, GraphiQL).</summary>
public sealed class GraphQLHttpOptions
{
    /// <summary>Serve a GraphiQL page to browsers doing a GET without a query. Default true.</summary>
    public bool GraphiQL { get; init; } = true;
    /// <summary>Where that page loads GraphiQL from. Default <see cref="GraphiQLAssets.Unpkg"/> (needs internet); set it to self-hosted copies offline.</summary>
    public GraphiQLAssets GraphiQLAssets { get; init; } = GraphiQLAssets.Unpkg;
    /// <summary>How long a WebSocket client has to send connection_init before the socket is closed with 4408. Default 3 s.</summary>
    public TimeSpan ConnectionInitTimeout { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>
    /// Decides on connection_init whether a WebSocket client may proceed (false closes with 4403 Forbidden).
    /// Receives the HTTP context and the init payload (may be null).
    /// </summary>
    public Func<HttpContext, IReadOnlyDictionary<string, object?>?, ValueTask<bool>>? OnConnect { get; init; }
    /// <summary>Builds the per-request user context object passed to resolvers.</summary>
    public Func<HttpContext, object?>? UserContext { get; init; }
}
