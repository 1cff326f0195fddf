// Seed 003's circuit-breaker request routing, run for real: every request is a token of
// examples/workflows/circuit_breaker_routing.yaml, routed through a cluster-wide breaker grain to success_responses,
// failed_requests or circuit_open_rejections. An embedded silo on a temporary SQLite file; a stand-in backend that
// goes down and comes back. The phases follow the seed's demo: normal operation, degradation, OPEN, recovery.
// Usage: dotnet run --project examples/CircuitBreakerRouting [-- --wait-ms 1000]
using System.Globalization;
using CircuitBreaker.Examples.Routing;
using CircuitBreaker.Grains;
using CircuitBreaker.Grains.Resilience;
using CircuitBreaker.Grains.Workflow;
using Orleans;
using Orleans.Streams;
using CircuitBreaker.Storage;

var waitMs = 1000;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--wait-ms" && i + 1 < args.Length) waitMs = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else { Console.Error.WriteLine($"unknown option {args[i]}; usage: [--wait-ms N]"); return 2; }
}

const string BreakerId = "example:backend";
var directory = Directory.CreateTempSubdirectory("cb-routing-example").FullName;
var storage = await AdoNetStorage.CreateAsync(StorageProvider.Sqlite, directory, "routing-example");
var ok = true;
// An embedded silo on free loopback ports, so the example runs beside a gateway on the default ones.
await using (var silo = await EmbeddedSilo.StartAsync(storage))
{
    var grains = silo.GrainFactory;
    var streams = silo.StreamProvider;
    var workflowId = await RequestRouter.CreateWorkflowAsync(grains, Path.Combine(AppContext.BaseDirectory, "circuit_breaker_routing.yaml"));
    var router = new RequestRouter(grains, workflowId, BreakerId);
    await router.Breaker.Configure(new BreakerSettings
    {
        SlidingWindowSize = 4,
        MinimumNumberOfCalls = 4,
        FailureRateThreshold = 50,
        WaitDurationInOpenStateMs = waitMs,
        PermittedNumberOfCallsInHalfOpenState = 2,
    });
    var halfOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    await using var _ = await streams.GetStream<BreakerStateChanged>(ResilienceStreams.Breaker, BreakerId).SubscribeItemsAsync(e =>
    {
        Console.WriteLine($"    breaker {e.From} -> {e.To} ({e.Reason}, failure rate {e.FailureRate} %)");
        if (e.To == "HALF_OPEN") halfOpen.TrySetResult();
        return Task.CompletedTask;
    });

    var backend = new StandInBackend();
    var sequence = 0;
    async Task<List<RoutedRequest>> Route(int count)
    {
        var routed = new List<RoutedRequest>();
        for (var n = 0; n < count; n++)
        {
            var r = await router.RouteAsync($"req-{++sequence:D3}", backend.CallAsync);
            var retry = r.Permit.RetryAfterMs is { } ms ? $", retry after {ms} ms" : "";
            Console.WriteLine($"  {r.TokenId}: breaker {r.Permit.State,-9} -> {r.Place}{retry}");
            routed.Add(r);
        }
        return routed;
    }

    Console.WriteLine($"workflow {workflowId}, breaker {BreakerId}: window 4 calls, opens at 50 % failures, waits {waitMs} ms, 2 trial calls");
    Console.WriteLine("1. Normal operation (backend healthy)");
    ok &= (await Route(4)).All(r => r.Outcome == RouteOutcome.Success);

    Console.WriteLine("2. Service degradation (backend down) until the breaker opens");
    backend.Healthy = false;
    while ((await router.Breaker.GetState()).State == "CLOSED" && sequence < 20) await Route(1);

    Console.WriteLine("3. Circuit OPEN: requests are rejected without calling the backend");
    var callsBefore = backend.Calls;
    ok &= (await Route(3)).All(r => r.Outcome == RouteOutcome.Rejected) && backend.Calls == callsBefore;

    Console.WriteLine($"4. Recovery: the backend is back; the breaker turns HALF_OPEN by itself after {waitMs} ms");
    backend.Healthy = true;
    await halfOpen.Task.WaitAsync(TimeSpan.FromMilliseconds(waitMs) + TimeSpan.FromSeconds(30));
    ok &= (await Route(3)).All(r => r.Outcome == RouteOutcome.Success);

    var state = await router.Breaker.GetState();
    ok &= state.State == "CLOSED";
    Console.WriteLine($"5. Final: breaker {state.State}; tokens per place:");
    var tokens = new WorkflowDirectory(storage, grains);
    foreach (var place in new[] { "success_responses", "failed_requests", "circuit_open_rejections" })
        Console.WriteLine($"  {place,-24} {(await tokens.ListTokensAsync(workflowId, place, first: 1000)).Items.Count}");
}
await storage.DisposeAsync();
try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
Console.WriteLine(ok ? "done: every request landed where the breaker sent it" : "UNEXPECTED: see above");
return ok ? 0 : 1;

