using System.Diagnostics;
using System.Text.Json.Nodes;
using CircuitBreaker.Grains.Resilience;
using CircuitBreaker.Grains.Workflow;
using Orleans;
using CircuitBreaker.Workflow.Serialization;

namespace CircuitBreaker.Examples.Routing;

/// <summary>
/// Drives requests through seed 003's routing net (<c>examples/workflows/circuit_breaker_routing.yaml</c>) and a
/// cluster-wide breaker grain: each request becomes a token, is validated, asks the breaker for a permit, and lands in
/// <c>circuit_open_rejections</c> when refused, else runs the downstream call and lands in <c>success_responses</c> or
/// <c>failed_requests</c>, its outcome and duration recorded on the breaker. Every process routing through the same
/// breaker id shares one breaker.
/// </summary>
public sealed class RequestRouter(IGrainFactory grains, string workflowId, string breakerId)
{
    /// <summary>The example net's workflow id.</summary>
    public const string WorkflowId = "circuit_breaker_routing_v1";

    /// <summary>The breaker asked for permits.</summary>
    public ICircuitBreakerGrain Breaker { get; } = grains.GetGrain<ICircuitBreakerGrain>(breakerId);

    /// <summary>Reads the net from a YAML or JSON file and creates it as workflow <paramref name="id"/> (its file id when null).</summary>
    public static async Task<string> CreateWorkflowAsync(IGrainFactory grains, string path, string? id = null)
    {
        var definition = JsonNode.Parse(WorkflowSerializer.ToJson(WorkflowSerializer.FromText(await File.ReadAllTextAsync(path), path)))!.AsObject();
        id ??= definition["id"]!.GetValue<string>();
        definition["id"] = id;
        await grains.GetGrain<IWorkflowGrain>(id).Create(definition.ToJsonString(), requireSound: true);
        return id;
    }

    /// <summary>
    /// Routes one request: <paramref name="downstream"/> is the protected call; it fails by throwing. A cancelled call
    /// is recorded as ignored (it says nothing about the downstream's health), its token cancelled, and the
    /// cancellation rethrown.
    /// </summary>
    public async Task<RoutedRequest> RouteAsync(string requestId, Func<CancellationToken, Task> downstream, CancellationToken cancellationToken = default)
    {
        var token = grains.GetGrain<ITokenGrain>(requestId);
        await token.Create(new CreateTokenRequest(workflowId)
        {
            DataJson = new JsonObject { ["request"] = new JsonObject { ["id"] = requestId } }.ToJsonString(),
            MetadataJson = new JsonObject { ["breakerId"] = breakerId }.ToJsonString(),
        });
        await FireAsync(token, "validate_request", null);

        var permit = await Breaker.TryAcquire();
        var answer = new JsonObject
        {
            ["breaker"] = new JsonObject { ["permitted"] = permit.Permitted, ["state"] = permit.State, ["retryAfterMs"] = permit.RetryAfterMs },
        };
        if (!permit.Permitted)
            return new RoutedRequest(requestId, RouteOutcome.Rejected, await FireAsync(token, "reject_open", answer), permit);
        await FireAsync(token, "route_through_circuit_breaker", answer);

        var watch = Stopwatch.StartNew();
        string? error = null;
        try
        {
            await downstream(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await Breaker.Record(BreakerOutcome.Ignored, watch.Elapsed.TotalMilliseconds);
            await token.Cancel("the request was cancelled");
            throw;
        }
        catch (Exception ex)
        {
            // Any failure of the protected call is the downstream's: it is recorded and routed, not rethrown.
            error = ex.Message;
        }
        var elapsed = watch.Elapsed.TotalMilliseconds;
        await Breaker.Record(error is null ? BreakerOutcome.Success : BreakerOutcome.Failure, elapsed);
        var response = new JsonObject { ["response"] = new JsonObject { ["ok"] = error is null, ["durationMs"] = elapsed, ["error"] = error } };
        var place = await FireAsync(token, error is null ? "route_success" : "route_failure", response);
        return new RoutedRequest(requestId, error is null ? RouteOutcome.Success : RouteOutcome.Failure, place, permit);
    }

    /// <summary>Fires <paramref name="transition"/> with <paramref name="patch"/>; returns the place the token is in after it.</summary>
    private static async Task<string> FireAsync(ITokenGrain token, string transition, JsonObject? patch)
    {
        var result = await token.Fire(new FireTransitionRequest(transition) { DataPatchJson = patch?.ToJsonString(), Actor = "request-router" });
        return result.Token.State ?? string.Join("+", result.Token.Places);
    }
}
