using System.Text;
using CircuitBreaker.GraphQL.Execution;
using Microsoft.AspNetCore.Http;

namespace CircuitBreaker.GraphQL.AspNetCore;

/// <summary>graphql-sse "distinct connections" mode: one request, a stream of <c>next</c> events, then <c>complete</c>.</summary>
internal static class ServerSentEvents
{
    public static async Task RunAsync(HttpContext context, GraphQLEngine engine, GraphQLRequest request, bool isSubscription)
    {
        var ct = context.RequestAborted;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.Connection = "keep-alive";
        await context.Response.Body.FlushAsync(ct);
        try
        {
            if (isSubscription)
            {
                var (error, stream) = await engine.SubscribeAsync(request, ct);
                if (error is not null) await WriteAsync(context, "next", error.ToJson(), ct);
                else
                {
                    using var open = SubscriptionMetrics.Open("graphql-sse");
                    await foreach (var r in stream!.WithCancellation(ct)) await WriteAsync(context, "next", r.ToJson(), ct);
                }
            }
            else await WriteAsync(context, "next", (await engine.ExecuteAsync(request, ct)).ToJson(), ct);
            await WriteAsync(context, "complete", "", ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away: nothing left to send.
        }
    }

    private static async Task WriteAsync(HttpContext context, string eventName, string data, CancellationToken ct)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"event: {eventName}\ndata: {data}\n\n"), ct);
        await context.Response.Body.FlushAsync(ct);
    }
}
