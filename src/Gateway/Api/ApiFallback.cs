namespace CircuitBreaker.Gateway.Api;

/// <summary>
/// Unknown paths under <c>/api</c> answer a problem (code <c>NOT_FOUND</c>) instead of an empty 404; bodies no endpoint reads
/// answer 415 <c>UNSUPPORTED_MEDIA_TYPE</c>.
/// </summary>
public static class ApiFallback
{
    /// <summary>Maps the fallback; real endpoints always win over it.</summary>
    public static WebApplication MapApiFallback(this WebApplication app)
    {
        // Routing skips endpoints whose declared media types do not match the body and lands here: a form or text body sent
        // to an existing JSON endpoint is a 415, not a 404.
        app.MapFallback("/api/{**path}", (HttpContext http) =>
            RequestRules.HasBody(http.Request) && !RequestRules.IsReadByTheApi(http.Request.ContentType)
                ? ProblemResponses.WriteAsync(http, 415, "UNSUPPORTED_MEDIA_TYPE", RequestRules.Unsupported(http.Request.ContentType).Message)
                : ProblemResponses.WriteAsync(http, 404, "NOT_FOUND", $"no endpoint {http.Request.Method} {http.Request.Path}"));
        return app;
    }
}
