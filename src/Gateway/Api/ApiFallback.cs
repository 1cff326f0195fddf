namespace CircuitBreaker.Gateway.Api;

/// <summary>Unknown paths under <c>/api</c> answer a problem (code <c>NOT_FOUND</c>) instead of an empty 404.</summary>
public static class ApiFallback
{
    /// <summary>Maps the fallback; real endpoints always win over it.</summary>
    public static WebApplication MapApiFallback(this WebApplication app)
    {
        app.MapFallback("/api/{**path}", (HttpContext http) =>
            ProblemResponses.WriteAsync(http, 404, "NOT_FOUND", $"no endpoint {http.Request.Method} {http.Request.Path}"));
        return app;
    }
}
