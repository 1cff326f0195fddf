using System.Threading.Channels;
using CircuitBreaker.Gateway.Api;
using CircuitBreaker.Grains.Workflow;
using CircuitBreaker.Runtime.Streams;

namespace CircuitBreaker.Gateway.Events;

/// <summary>
/// <c>GET /api/v1/events?tokenId=…|workflowId=…</c>: token events as server-sent events. Token streams resume from
/// <c>Last-Event-ID</c> using the durable history; workflow streams are live only (ids are per-process sequences).
/// </summary>
public static class EventEndpoints
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    /// <summary>The data of one event frame.</summary>
    public sealed record EventData(string Kind, string TokenId, string WorkflowId, long Sequence, string? TransitionId, bool Replayed,
        TokenResponse? Token, HistoryEntryResponse? Entry);

    /// <summary>Maps the endpoint.</summary>
    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/events", async (HttpContext http, IStreamProvider streams) =>
        {
            var tokenId = QueryParameters.String(http.Request, "tokenId");
            var workflowId = QueryParameters.String(http.Request, "workflowId");
            if ((tokenId is null) == (workflowId is null))
                throw ApiException.BadRequest("INVALID_INPUT", "give exactly one of 'tokenId' and 'workflowId'");
            var lastEventId = LastEventId(http.Request);
            var scope = TenantScope.Of(http);
            if (tokenId is not null) await scope.TokenAsync(tokenId);
            else await scope.WorkflowAsync(workflowId!);

            // Subscribe before replaying, buffer, then drain skipping what the replay already sent: no gap, no duplicate.
            var buffer = Channel.CreateUnbounded<StreamEvent<TokenEvent>>(new UnboundedChannelOptions { SingleReader = true });
            var stream = tokenId is not null
                ? streams.GetStream<TokenEvent>(WorkflowGrainTypes.TokenStream, tokenId)
                : streams.GetStream<TokenEvent>(WorkflowGrainTypes.WorkflowStream, workflowId!);
            await using var subscription = await stream.SubscribeAsync(e => buffer.Writer.WriteAsync(e).AsTask(), http.RequestAborted);

            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            await http.Response.WriteAsync(": connected\n\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);

            var ct = http.RequestAborted;
            // Without Last-Event-ID every buffered event is new: the subscription only sees what follows it.
            var cursor = new SequenceCursor(lastEventId ?? 0);
            if (tokenId is not null && lastEventId is { } after)
                await ReplayAsync(http.Response, scope.Grains.GetGrain<ITokenGrain>(tokenId), tokenId, after, cursor, ct);

            try
            {
                while (!ct.IsCancellationRequested)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    wait.CancelAfter(Heartbeat);
                    StreamEvent<TokenEvent> e;
                    try
                    {
                        e = await buffer.Reader.ReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        await ServerSentEvents.WriteAsync(http.Response, ": keep-alive\n\n", ct);
                        continue;
                    }
                    var item = e.Item;
                    if (!scope.Sees(item.Token.TenantId)) continue;
                    string frame;
                    if (tokenId is not null)
                    {
                        if (!cursor.Advance(item.TokenSequence)) continue;
                        frame = ServerSentEvents.Frame(item.TokenSequence == 0 ? null : item.TokenSequence, item.Kind, Live(item));
                    }
                    else
                    {
                        frame = ServerSentEvents.Frame(e.Sequence, item.Kind, Live(item));
                    }
                    await ServerSentEvents.WriteAsync(http.Response, frame, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The client went away.
            }
            catch (IOException) when (ct.IsCancellationRequested)
            {
                // The client went away mid-write.
            }
        }).WithTags("Events").WithName("Events").Produces(200, contentType: "text/event-stream").ProducesProblem(400).ProducesProblem(404);
        return api;
    }

    private static async Task ReplayAsync(HttpResponse response, ITokenGrain token, string tokenId, long after, SequenceCursor cursor,
        CancellationToken ct)
    {
        var view = await token.Get();
        while (true)
        {
            var page = await token.History(after, 500);
            foreach (var entry in page.Entries)
            {
                if (!cursor.Advance(entry.Sequence)) continue;
                var kind = entry.TransitionId == "$cancel" ? "cancelled" : "fired";
                var data = new EventData(kind, tokenId, view?.WorkflowId ?? "", entry.Sequence, entry.TransitionId, true, null, ApiViews.Entry(entry));
                await ServerSentEvents.WriteAsync(response, ServerSentEvents.Frame(entry.Sequence, kind, data), ct);
                after = entry.Sequence;
            }
            if (!page.HasMore || page.Entries.Count == 0) return;
        }
    }

    private static EventData Live(TokenEvent e) =>
        new(e.Kind, e.TokenId, e.WorkflowId, e.TokenSequence, e.TransitionId, false, ApiViews.Token(e.Token), null);

    private static long? LastEventId(HttpRequest request)
    {
        var text = request.Headers["Last-Event-ID"].ToString();
        if (string.IsNullOrEmpty(text)) text = request.Query["lastEventId"].ToString();
        if (string.IsNullOrEmpty(text)) return null;
        return long.TryParse(text, out var n) && n >= 0 ? n
            : throw ApiException.BadRequest("INVALID_INPUT", $"Last-Event-ID must be a non-negative integer, not '{text}'");
    }
}
