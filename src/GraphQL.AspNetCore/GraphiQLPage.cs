namespace CircuitBreaker.GraphQL.AspNetCore;

/// <summary>A GraphiQL page that loads GraphiQL from a CDN (browsers have internet; tests never load it).</summary>
internal static class GraphiQLPage
{
    public static string Html(string endpoint) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>GraphiQL</title>
          <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
          <link rel="stylesheet" href="https://unpkg.com/graphiql@3/graphiql.min.css" />
        </head>
        <body>
          <div id="graphiql">Loading GraphiQL…</div>
          <script crossorigin src="https://unpkg.com/react@18/umd/react.production.min.js"></script>
          <script crossorigin src="https://unpkg.com/react-dom@18/umd/react-dom.production.min.js"></script>
          <script crossorigin src="https://unpkg.com/graphiql@3/graphiql.min.js"></script>
          <script>
            const url = new URL({{System.Text.Json.JsonSerializer.Serialize(endpoint)}}, location.href);
            const wsUrl = url.href.replace(/^http/, 'ws');
            const fetcher = GraphiQL.createFetcher({ url: url.href, subscriptionUrl: wsUrl });
            ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, { fetcher }));
          </script>
        </body>
        </html>
        """;
}
