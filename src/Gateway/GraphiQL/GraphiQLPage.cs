using System.Net;
using System.Text.Json;

namespace CircuitBreaker.Gateway.GraphiQL;

/// <summary>
/// The GraphiQL page a browser gets for <c>GET /graphql</c>. It loads only the gateway's own files
/// (<see cref="GraphiQLAssets"/>), so it works without internet; its Content-Security-Policy forbids any other origin.
/// </summary>
public static class GraphiQLPage
{
    /// <summary>The page's Content-Security-Policy: same-origin scripts, fetches and WebSockets only.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    /// <summary>The query in the editor on a first visit (GraphiQL keeps the user's tabs in local storage after that).</summary>
    public const string DefaultQuery = """
        # Circuit Breaker GraphQL. This GraphiQL is
        # served by the gateway itself (no internet).
        #
        # Run an operation with the ▶ button or
        # Ctrl-Enter; with several operations here,
        # the button asks which one. The book icon
        # opens the docs of every type and field.
        #
        # With API keys or JWT configured, put your
        # credential in the Headers tab below:
        #   { "X-Api-Key": "<key>" }
        #   { "Authorization": "Bearer <key or JWT>" }
        # then re-fetch the schema (↻ on the left).
        # Subscriptions use graphql-transport-ws on
        # this URL and send those headers too.

        query DocumentApproval {
          workflow(id: "document_approval_v1") {
            id
            name
            states
            transitions { id fromStates toState }
            tokens(first: 5) { id places status }
          }
        }

        mutation StartDocument {
          createToken(input: { workflowId: "document_approval_v1", data: { title: "Q3 report" } }) {
            id
            places
            availableTransitions { transitionId toState guardPassed }
          }
        }

        subscription WatchDocuments {
          workflowEvents(workflowId: "document_approval_v1") {
            kind
            tokenId
            transitionId
            token { places status }
          }
        }

        """;

    /// <summary>True for a browser's GET of the endpoint without a query (it asks for HTML).</summary>
    public static bool Wants(HttpContext http, string path) =>
        HttpMethods.IsGet(http.Request.Method)
        && string.Equals(http.Request.Path.Value?.TrimEnd('/'), path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
        && !http.WebSockets.IsWebSocketRequest
        && !http.Request.Query.ContainsKey("query")
        && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The headers editor's initial text: a template for the credential the gateway accepts, or null when it needs none.
    /// </summary>
    public static string? DefaultHeaders(GatewaySettings? settings) => settings switch
    {
        { ApiKeys.Count: > 0 } => "{\n  \"X-Api-Key\": \"\"\n}",
        { Jwt.Enabled: true } => "{\n  \"Authorization\": \"Bearer \"\n}",
        _ => null,
    };

    /// <summary>
    /// The page for <paramref name="endpoint"/> (path with the request's path base), loading <paramref name="assets"/>
    /// from under <paramref name="pathBase"/>.
    /// </summary>
    public static string Html(string endpoint, GraphiQLAssets assets, string pathBase, string? defaultHeaders)
    {
        string Src(string name) => WebUtility.HtmlEncode(pathBase + assets.PathOf(name));
        // The default JSON encoder escapes <, > and &, so the block cannot end the script element early.
        var config = JsonSerializer.Serialize(new { endpoint, defaultQuery = DefaultQuery, defaultHeaders });
        return $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Circuit Breaker GraphQL — GraphiQL</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="{{Src("graphiql.min.css")}}">
            <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
            </head>
            <body>
            <div id="graphiql">Loading GraphiQL…</div>
            <noscript>GraphiQL needs JavaScript. Without it, POST queries to {{WebUtility.HtmlEncode(endpoint)}}.</noscript>
            <script type="application/json" id="graphiql-config">{{config}}</script>
            <script src="{{Src("react.production.min.js")}}"></script>
            <script src="{{Src("react-dom.production.min.js")}}"></script>
            <script src="{{Src("graphiql.min.js")}}"></script>
            <script src="{{Src("graphiql-start.js")}}"></script>
            </body>
            </html>
            """;
    }
}
