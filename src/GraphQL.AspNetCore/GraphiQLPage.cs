using System.Net;

namespace CircuitBreaker.GraphQL.AspNetCore;

/// <summary>A GraphiQL page whose assets come from <see cref="GraphiQLAssets"/> (a CDN unless configured; tests never load them).</summary>
internal static class GraphiQLPage
{
    public static string Html(string endpoint, GraphiQLAssets assets) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>GraphiQL</title>
          <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
          <link rel="stylesheet" href="{{Attr(assets.Stylesheet)}}" />
        </head>
        <body>
          <div id="graphiql">Loading GraphiQL…</div>
          <script crossorigin src="{{Attr(assets.React)}}"></script>
          <script crossorigin src="{{Attr(assets.ReactDom)}}"></script>
          <script crossorigin src="{{Attr(assets.GraphiQL)}}"></script>
          <script>
            const url = new URL({{System.Text.Json.JsonSerializer.Serialize(endpoint)}}, location.href);
            const wsUrl = url.href.replace(/^http/, 'ws');
            const fetcher = GraphiQL.createFetcher({ url: url.href, subscriptionUrl: wsUrl });
            ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, { fetcher }));
          </script>
        </body>
        </html>
        """;

    private static string Attr(string url) => WebUtility.HtmlEncode(url);
}
