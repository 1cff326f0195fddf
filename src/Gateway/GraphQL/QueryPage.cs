using System.Net;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>
/// A self-contained query page for browsers (no CDN: the gateway must work offline): query and variables
/// editors, a run button, and the JSON result.
/// </summary>
public static class QueryPage
{
    /// <summary>True for a browser's GET of the endpoint without a query (it asks for HTML).</summary>
    public static bool Wants(HttpContext http, string path) =>
        HttpMethods.IsGet(http.Request.Method)
        && string.Equals(http.Request.Path.Value?.TrimEnd('/'), path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
        && !http.WebSockets.IsWebSocketRequest
        && !http.Request.Query.ContainsKey("query")
        && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>The page, posting to <paramref name="endpoint"/>.</summary>
    public static string Html(string endpoint) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Circuit Breaker GraphQL</title>
        <style>
          body { font-family: system-ui, sans-serif; margin: 1rem; display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
          textarea, pre { width: 100%; box-sizing: border-box; font-family: ui-monospace, monospace; font-size: 13px; }
          #query { height: 50vh; } #variables { height: 15vh; } pre { min-height: 70vh; background: #f6f8fa; padding: .5rem; overflow: auto; }
          h1 { grid-column: 1 / 3; font-size: 1.2rem; margin: 0; }
        </style>
        </head>
        <body>
        <h1>Circuit Breaker GraphQL — <code>{{WebUtility.HtmlEncode(endpoint)}}</code></h1>
        <div>
          <label for="query">Query</label>
          <textarea id="query" spellcheck="false">{ workflows { id name states } }</textarea>
          <label for="variables">Variables (JSON)</label>
          <textarea id="variables" spellcheck="false">{}</textarea>
          <button id="run" type="button">Run (Ctrl+Enter)</button>
        </div>
        <pre id="result" aria-live="polite"></pre>
        <script>
          const endpoint = {{System.Text.Json.JsonSerializer.Serialize(endpoint)}};
          async function run() {
            const result = document.getElementById('result');
            let variables = {};
            try { variables = JSON.parse(document.getElementById('variables').value || '{}'); }
            catch (e) { result.textContent = 'Variables are not valid JSON: ' + e.message; return; }
            result.textContent = '…';
            try {
              const response = await fetch(endpoint, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', 'Accept': 'application/graphql-response+json, application/json' },
                body: JSON.stringify({ query: document.getElementById('query').value, variables }),
              });
              const text = await response.text();
              try { result.textContent = JSON.stringify(JSON.parse(text), null, 2); } catch { result.textContent = text; }
              result.dataset.status = String(response.status);
            } catch (e) { result.textContent = 'Request failed: ' + e.message; }
          }
          document.getElementById('run').addEventListener('click', run);
          document.addEventListener('keydown', e => { if (e.ctrlKey && e.key === 'Enter') run(); });
        </script>
        </body>
        </html>
        """;
}
