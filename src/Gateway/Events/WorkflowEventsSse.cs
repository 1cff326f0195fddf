using CircuitBreaker.Gateway.Api;

namespace CircuitBreaker.Gateway.Events;

/// <summary>Writes a workflow's events as server-sent events: <c>id:</c> is the workflow event sequence.</summary>
public static class WorkflowEventsSse
{
    /// <summary>Streams <paramref name="tail"/> until the client goes away, with a keep-alive comment after each <paramref name="heartbeat"/> of silence.</summary>
    public static async Task StreamAsync(HttpResponse response, WorkflowEventTail tail, TenantScope scope, TimeSpan heartbeat, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                IReadOnlyList<WorkflowStreamEvent> events;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    wait.CancelAfter(heartbeat);
                    try
                    {
                        events = await tail.NextAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        // The tail skips nothing when a wait is abandoned, so a keep-alive is safe here.
                        await ServerSentEvents.WriteAsync(response, ": keep-alive\n\n", ct);
                        continue;
                    }
                }
                foreach (var e in events)
                {
                    if (!scope.Sees(e.Token?.TenantId)) continue;
                    var data = new EventEndpoints.EventData(e.Kind, e.TokenId, e.WorkflowId, e.Sequence, e.TransitionId, e.Replayed,
                        e.Token is null ? null : ApiViews.Token(e.Token), null, e.TokenSequence);
                    await ServerSentEvents.WriteAsync(response, ServerSentEvents.Frame(e.Sequence, e.Kind, data), ct);
                }
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
    }
}
