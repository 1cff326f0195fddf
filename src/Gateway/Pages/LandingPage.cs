namespace CircuitBreaker.Gateway.Pages;

/// <summary>The HTML page at <c>/</c>: what runs here and where to go next.</summary>
public static class LandingPage
{
    /// <summary>The page's HTML.</summary>
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Circuit Breaker gateway</title>
          <style>
            body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 3rem auto; padding: 0 1rem; color: #222; }
            code { background: #f3f3f3; padding: 0 .25rem; }
            li { margin: .4rem 0; }
          </style>
        </head>
        <body>
          <h1>Circuit Breaker</h1>
          <p>A workflow engine on Petri nets. This gateway serves GraphQL, REST and live events.</p>
          <ul>
            <li><a href="/graphql">GraphiQL</a> — the GraphQL IDE, served by this gateway (works offline; the API itself: <code>POST /graphql</code>)</li>
            <li><a href="/openapi/v1.json">OpenAPI document</a> of the REST API under <code>/api/v1</code></li>
            <li><a href="/api/v1/workflows">Workflows</a> (the examples are pre-loaded, e.g. <a href="/api/v1/workflows/document_approval_v1">document_approval_v1</a>)</li>
            <li>Live events: <code>GET /api/v1/events?tokenId=…</code> (server-sent events)</li>
            <li>Docs: <a href="/docs/API.md">API</a> (REST, SSE, security, error codes), <a href="/docs/">all docs</a></li>
            <li><a href="/health">/health</a> and <a href="/ready">/ready</a></li>
          </ul>
        </body>
        </html>
        """;

    /// <summary>Maps <c>GET /</c>.</summary>
    public static WebApplication MapLandingPage(this WebApplication app)
    {
        app.MapGet("/", () => Results.Content(Html, "text/html; charset=utf-8")).ExcludeFromDescription();
        // The repository's docs are copied next to the binary; only plain file names inside that folder are served.
        var docs = Path.Combine(AppContext.BaseDirectory, "docs");
        app.MapGet("/docs/", () =>
        {
            var names = Directory.Exists(docs) ? Directory.EnumerateFiles(docs, "*.md").Select(f => Path.GetFileName(f)).Order().ToList() : [];
            var items = string.Concat(names.Select(n => $"<li><a href=\"/docs/{n}\">{n}</a></li>"));
            return Results.Content($"<!doctype html><title>Docs</title><h1>Docs</h1><ul>{items}</ul>", "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        app.MapGet("/docs/{name}", (string name) =>
        {
            var path = Path.Combine(docs, name);
            return name.EndsWith(".md", StringComparison.Ordinal) && name == Path.GetFileName(name) && File.Exists(path)
                ? Results.File(path, "text/markdown; charset=utf-8")
                : Results.Problem(statusCode: 404, title: "Not found", detail: $"no document '{name}'",
                    extensions: new Dictionary<string, object?> { ["code"] = "NOT_FOUND" });
        }).ExcludeFromDescription();
        return app;
    }
}
