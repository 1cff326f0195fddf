using Microsoft.Net.Http.Headers;

namespace CircuitBreaker.Gateway.GraphiQL;

/// <summary>Serves the GraphiQL page for a GraphQL endpoint and its files from the gateway itself.</summary>
public static class GraphiQLEndpoints
{
    /// <summary>
    /// A browser's GET of <paramref name="endpoint"/> (see <see cref="GraphiQLPage.Wants"/>) gets the page;
    /// <c>GET /graphiql/{fingerprint}/{name}</c> serves its files with year-long caching.
    /// </summary>
    public static WebApplication MapGraphiQL(this WebApplication app, string endpoint)
    {
        var assets = GraphiQLAssets.Embedded;
        var defaultHeaders = GraphiQLPage.DefaultHeaders(app.Services.GetService<GatewaySettings>());
        app.Use(async (http, next) =>
        {
            if (!GraphiQLPage.Wants(http, endpoint))
            {
                await next(http);
                return;
            }
            var pathBase = http.Request.PathBase.ToString();
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers.ContentSecurityPolicy = GraphiQLPage.ContentSecurityPolicy;
            http.Response.Headers.XContentTypeOptions = "nosniff";
            await http.Response.WriteAsync(GraphiQLPage.Html(pathBase + endpoint, assets, pathBase, defaultHeaders));
        });
        app.MapGet(GraphiQLAssets.BasePath + "/{fingerprint}/{name}", (HttpContext http, string fingerprint, string name) =>
        {
            if (fingerprint != assets.Fingerprint || assets.Find(name) is not { } asset)
            {
                return Results.Problem(statusCode: 404, title: "Not found", detail: $"no GraphiQL file '{fingerprint}/{name}'",
                    extensions: new Dictionary<string, object?> { ["code"] = "NOT_FOUND" });
            }
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(asset.Content, asset.ContentType, entityTag: asset.ETag);
        }).ExcludeFromDescription();
        return app;
    }
}
