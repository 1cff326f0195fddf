using System.Text.Json.Nodes;
using CircuitBreaker.Llm;

namespace CircuitBreaker.Gateway.Api.Llm;

/// <summary>Errors of the OpenAI-compatible endpoints in OpenAI's shape: <c>{"error": {message, type, code, param, …}}</c>.</summary>
public static class OpenAiErrors
{
    /// <summary>The error body of an <see cref="LlmException"/>, with its details (scope, remaining, routing_info …).</summary>
    public static JsonObject Body(LlmException e)
    {
        var error = new JsonObject
        {
            ["message"] = e.Message,
            ["type"] = TypeOf(e.Status),
            ["code"] = e.Code,
            ["param"] = null,
        };
        foreach (var (k, v) in e.Details) error[k] = v is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(v, v.GetType());
        return new JsonObject { ["error"] = error };
    }

    /// <summary>Writes <paramref name="e"/> as the response (status, Retry-After, body).</summary>
    public static Task WriteAsync(HttpContext http, LlmException e)
    {
        http.Response.StatusCode = e.Status;
        if (e.Details.TryGetValue("retry_after_seconds", out var ra) && ra is not null)
            http.Response.Headers.RetryAfter = Convert.ToString(ra, System.Globalization.CultureInfo.InvariantCulture);
        if (e.Details.TryGetValue("routing_info", out var info) && info is not null)
            http.Response.Headers["X-CircuitBreaker-Routing"] = System.Text.Json.JsonSerializer.Serialize(info, info.GetType());
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(Body(e).ToJsonString());
    }

    private static string TypeOf(int status) => status switch
    {
        400 or 404 or 422 => "invalid_request_error",
        401 or 403 => "authentication_error",
        402 => "insufficient_quota",
        429 => "rate_limit_error",
        _ => "api_error",
    };
}
