using CircuitBreaker.Storage;
using Orleans.Runtime;
using Orleans.Storage;
using System.Text.Json;
using CircuitBreaker.Grains.Workflow;
using Orleans;

namespace CircuitBreaker.Gateway.Api;

/// <summary>Writes <c>application/problem+json</c> with a stable <c>code</c> extension.</summary>
public static class ProblemResponses
{
    /// <summary>Writes a problem response.</summary>
    public static Task WriteAsync(HttpContext http, int status, string code, string detail)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/problem+json";
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"https://httpstatuses.io/{status}",
            ["title"] = ErrorStatus.Title(status),
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = http.Request.Path.Value,
            ["code"] = code,
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, ApiJson.Options), http.RequestAborted);
    }

    /// <summary>
    /// Turns exceptions escaping an endpoint into problems, so bad input never surfaces as a bare 500 or a dropped connection.
    /// </summary>
    public static async Task Middleware(HttpContext http, RequestDelegate next)
    {
        try
        {
            await next(http);
        }
        catch (Exception ex) when (!http.Response.HasStarted && Describe(ex) is { } problem)
        {
            if (problem.Status >= 500)
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("CircuitBreaker.Gateway.Api")
                    .LogError(ex, "{Method} {Path} failed", http.Request.Method, http.Request.Path);
            await WriteAsync(http, problem.Status, problem.Code, problem.Detail);
        }
    }

    /// <summary>Status, code and detail for an exception (null when the client went away).</summary>
    public static (int Status, string Code, string Detail)? Describe(Exception ex) => ex switch
    {
        OperationCanceledException => null,
        ApiException api => (api.Status, api.Code, api.Message),
        WorkflowException wf => (ErrorStatus.For(wf.Code), wf.Code, wf.Message),
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            => (413, "PAYLOAD_TOO_LARGE", "the request body exceeds the configured limit"),
        BadHttpRequestException bad => (bad.StatusCode, "BAD_REQUEST", bad.Message),
        ArgumentException arg when arg.Message.StartsWith("STORAGE_BAD_CURSOR", StringComparison.Ordinal)
            => (400, "INVALID_CURSOR", "'after' is not a cursor returned by this API"),
        TimeoutException timeout => (503, "TIMEOUT", timeout.Message),
        InconsistentStateException => (409, "CONCURRENT_UPDATE", "another writer changed this resource at the same moment; retry"),
        OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or ClientNotAvailableException
            => (503, "CLUSTER_UNAVAILABLE", "no silo of the cluster answered; retry shortly"),
        OrleansException { InnerException: ArgumentException bad } => (400, "INVALID_INPUT", bad.Message),
        StorageException or OrleansException { InnerException: StorageException } => (503, "STORAGE_UNAVAILABLE", "the storage did not take the change; retry"),
        _ => (500, "INTERNAL_ERROR", "internal error: " + ex.GetType().Name),
    };
}
