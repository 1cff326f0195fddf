using System.Text;
using System.Text.Json;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Language;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CircuitBreaker.GraphQL.AspNetCore;

/// <summary>Maps a GraphQL endpoint: GraphQL over HTTP (GET/POST), graphql-transport-ws WebSockets, graphql-sse (distinct connections) and GraphiQL.</summary>
public static class GraphQLEndpoint
{
    private const string GraphQLResponseJson = "application/graphql-response+json";
    private const string Json = "application/json";

    /// <summary>Maps the endpoint at <paramref name="pattern"/> (e.g. "/graphql"). Call <c>app.UseWebSockets()</c> first for subscriptions over WebSocket.</summary>
    public static IEndpointConventionBuilder MapGraphQL(this IEndpointRouteBuilder endpoints, string pattern, GraphQLEngine engine, GraphQLHttpOptions? options = null)
    {
        options ??= new GraphQLHttpOptions();
        return endpoints.Map(pattern, context => HandleAsync(context, engine, options));
    }

    private static async Task HandleAsync(HttpContext context, GraphQLEngine engine, GraphQLHttpOptions options)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            await new TransportWsConnection(context, engine, options).RunAsync();
            return;
        }
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsPost(method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, POST";
            return;
        }
        var accept = context.Request.Headers.Accept.ToString();
        if (HttpMethods.IsGet(method) && options.GraphiQL && !context.Request.Query.ContainsKey("query") && accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(GraphiQLPage.Html(context.Request.PathBase + context.Request.Path, options.GraphiQLAssets));
            return;
        }
        var sse = accept.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
        var mediaType = ChooseMediaType(accept);
        if (mediaType is null && !sse)
        {
            context.Response.StatusCode = StatusCodes.Status406NotAcceptable;
            return;
        }

        GraphQLRequest? request;
        string? error;
        if (HttpMethods.IsPost(method))
        {
            var contentType = context.Request.ContentType ?? "";
            if (!contentType.StartsWith(Json, StringComparison.OrdinalIgnoreCase) && !contentType.StartsWith(GraphQLResponseJson, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                return;
            }
            // The body is bounded by the server's request size limit; reading it whole lets its UTF-8 be checked first, since
            // the JSON reader only finds bad bytes inside strings once they are decoded (as an exception that is no JsonException).
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            (request, error) = RequestBody.FromUtf8(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        else (request, error) = RequestBody.FromQueryString(context.Request.Query);

        if (request is null)
        {
            await WriteResultAsync(context, mediaType ?? Json, StatusCodes.Status400BadRequest,
                new ExecutionResult { Errors = [GraphQLError.WithCode(error!, ErrorCodes.BadUserInput)] });
            return;
        }
        request = new GraphQLRequest
        {
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            UserContext = options.UserContext?.Invoke(context),
            Services = context.RequestServices,
        };

        var prepared = engine.Prepare(request.Query, request.OperationName);
        if (prepared.Errors.Count == 0 && HttpMethods.IsGet(method) && prepared.Operation is OperationType.Mutation)
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "POST";
            return;
        }
        if (sse)
        {
            await ServerSentEvents.RunAsync(context, engine, request, prepared.Operation == OperationType.Subscription);
            return;
        }
        if (prepared.Errors.Count > 0)
        {
            await WriteResultAsync(context, mediaType!, mediaType == Json ? 200 : 400, new ExecutionResult { Errors = prepared.Errors });
            return;
        }
        if (prepared.Operation == OperationType.Subscription)
        {
            // One JSON response cannot carry a stream (graphql-http refuses these too): name the transports that can.
            await WriteResultAsync(context, mediaType!, mediaType == Json ? 200 : 400, new ExecutionResult
            {
                Errors = [GraphQLError.WithCode("Subscriptions need a streaming transport: graphql-transport-ws over a WebSocket, or POST with Accept: text/event-stream.",
                    ErrorCodes.SubscriptionNeedsStream)],
            });
            return;
        }
        var result = await engine.ExecuteAsync(request, context.RequestAborted);
        // Without data the request failed before execution (variables, operation name): a request error.
        var status = mediaType == Json || result.HasData ? 200 : 400;
        await WriteResultAsync(context, mediaType!, status, result);
    }

    /// <summary>Picks the response media type from Accept; null when nothing acceptable is offered.</summary>
    internal static string? ChooseMediaType(string accept)
    {
        if (string.IsNullOrWhiteSpace(accept)) return Json;
        foreach (var part in accept.Split(','))
        {
            var type = part.Split(';')[0].Trim();
            if (type.Equals(GraphQLResponseJson, StringComparison.OrdinalIgnoreCase)) return GraphQLResponseJson;
            if (type.Equals(Json, StringComparison.OrdinalIgnoreCase)) return Json;
            if (type is "*/*" or "application/*") return Json;
        }
        return null;
    }

    private static async Task WriteResultAsync(HttpContext context, string mediaType, int status, ExecutionResult result)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = mediaType + "; charset=utf-8";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(result.ToJson()), context.RequestAborted);
    }
}
