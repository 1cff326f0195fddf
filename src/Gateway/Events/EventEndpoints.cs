using CircuitBreaker.Grains;
using System.Threading.Channels;
using CircuitBreaker.Gateway.Api;
using CircuitBreaker.Grains.Workflow;
using Orleans.Streams;

namespace CircuitBreaker.Gateway.Events;

/// <summary>
/// <c>GET /api/v1/events?tokenId=…|workflowId=…</c>: token events as server-sent events, resumable from
/// <c>Last-Event-ID</c>: token streams from the token's durable history (ids are history sequences), workflow streams
/// from the workflow's durable event feed (ids are workflow event sequences, see <see cref="WorkflowEventTail"/>).
/// </summary>
public static class EventEndpoints
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    /// <summary>The data of one event frame.</summary>
    /// <param name="Kind">created, fired, completed, cancelled or updated.</param>
    /// <param name="TokenId">The token.</param>
    /// <param name="WorkflowId">Its workflow.</param>
    /// <param name="Sequence">The frame's id: the history sequence on a token stream, the workflow event sequence on a workflow stream.</param>
    /// <param name="TransitionId">The fired transition, if any.</param>
    /// <param name="Replayed">True when read back from durable storage rather than delivered live.</param>
    /// <param name="Token">The token after the change (replayed workflow events: the token now; replayed token events: null).</param>
    /// <param name="Entry">The history entry (replayed token events only).</param>
    /// <param name="TokenSequence">The token's history sequence (0 for creation and data updates).</param>
    public sealed record EventData(string Kind, string TokenId, string WorkflowId, long Sequence, string? TransitionId, bool Replayed,
        TokenResponse? Token, HistoryEntryResponse? Entry, long TokenSequence);

    /// <summary>Maps the endpoint.</summary>
    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/events", async (HttpContext http, IStreamProvider streams, WorkflowEventLog workflowEvents) =>
        {
            var tokenId = QueryParameters.String(http.Request, "tokenId");
            var workflowId = QueryParameters.String(http.Request, "workflowId");
            if ((tokenId is null) == (workflowId is null))
                throw ApiException.BadRequest("INVALID_INPUT", "give exactly one of 'tokenId' and 'workflowId'");
            var lastEventId = LastEventId(http.Request);
            var scope = TenantScope.Of(http);
            // Open from here to the end of the request (a refused request answers at once, so it counts for no time).
            using var open = CircuitBreaker.GraphQL.AspNetCore.SubscriptionMetrics.Open("sse");
            if (tokenId is null)
            {
                await scope.WorkflowAsync(workflowId!);
                await using var tail = await WorkflowEventTail.OpenAsync(new WorkflowEventTail.Dependencies(streams, workflowEvents, scope.Grains),
                    scope.Tenant, workflowId!, lastEventId, http.RequestAborted);
                await StartAsync(http.Response, http.RequestAborted);
                await WorkflowEventsSse.StreamAsync(http.Response, tail, scope, Heartbeat, http.RequestAborted);
                return;
            }
            await scope.TokenAsync(tokenId);

            // Subscribe before replaying, buffer, then drain skipping what the replay already sent: no gap, no duplicate.
            var buffer = Channel.CreateUnbounded<TokenEvent>(new UnboundedChannelOptions { SingleReader = true });
            var stream = streams.GetStream<TokenEvent>(WorkflowGrainTypes.TokenStream, TenantKeys.Of(scope.Tenant, tokenId));
            await using var subscription = await stream.SubscribeItemsAsync(e => buffer.Writer.WriteAsync(e).AsTask(), http.RequestAborted);
            // Orleans may still hand the new subscription events published just before it: the token read now is the
            // baseline, and live events of that version or older are not news (fires among them are replayed from history).
            var baseline = await scope.Token(tokenId).Get();
            await StartAsync(http.Response, http.RequestAborted);

            var ct = http.RequestAborted;
            // Without Last-Event-ID every buffered event is new: the subscription only sees what follows it.
            var cursor = new SequenceCursor(lastEventId ?? baseline?.HistoryLength ?? 0);
            if (lastEventId is { } after)
                await ReplayAsync(http.Response, scope.Token(tokenId), tokenId, after, cursor, ct);

            try
            {
                while (!ct.IsCancellationRequested)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    wait.CancelAfter(Heartbeat);
                    TokenEvent e;
                    try
                    {
                        e = await buffer.Reader.ReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        await ServerSentEvents.WriteAsync(http.Response, ": keep-alive\n\n", ct);
                        continue;
                    }
                    var item = e;
                    if (!scope.Sees(item.Token.TenantId)) continue;
                    if (item.TokenSequence == 0 && item.Token.Version <= (baseline?.Version ?? 0)) continue;
                    if (!cursor.Advance(item.TokenSequence)) continue;
                    var frame = ServerSentEvents.Frame(item.TokenSequence == 0 ? null : item.TokenSequence, item.Kind, Live(item));
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

    /// <summary>Sends the event-stream headers and the <c>: connected</c> comment (the subscription is in place).</summary>
    private static async Task StartAsync(HttpResponse response, CancellationToken ct)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync(": connected\n\n", ct);
        await response.Body.FlushAsync(ct);
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
                var data = new EventData(kind, tokenId, view?.WorkflowId ?? "", entry.Sequence, entry.TransitionId, true, null, ApiViews.Entry(entry), entry.Sequence);
                await ServerSentEvents.WriteAsync(response, ServerSentEvents.Frame(entry.Sequence, kind, data), ct);
                after = entry.Sequence;
            }
            if (!page.HasMore || page.Entries.Count == 0) return;
        }
    }

    private static EventData Live(TokenEvent e) =>
        new(e.Kind, e.TokenId, e.WorkflowId, e.TokenSequence, e.TransitionId, false, ApiViews.Token(e.Token), null, e.TokenSequence);

    private static long? LastEventId(HttpRequest request)
    {
        var text = request.Headers["Last-Event-ID"].ToString();
        if (string.IsNullOrEmpty(text)) text = request.Query["lastEventId"].ToString();
        if (string.IsNullOrEmpty(text)) return null;
        return long.TryParse(text, out var n) && n >= 0 ? n
            : throw ApiException.BadRequest("INVALID_INPUT", $"Last-Event-ID must be a non-negative integer, not '{text}'");
    }
}
