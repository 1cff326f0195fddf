using CircuitBreaker.Grains;
using System.Text.Json.Nodes;
using CircuitBreaker.Examples.Routing;
using CircuitBreaker.Grains.Resilience;
using CircuitBreaker.Grains.Workflow;
using CircuitBreaker.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CircuitBreaker.Grains.Tests.Resilience;

/// <summary>
/// Seed 003's example runs: requests are tokens of the shipped routing net, driven through a real breaker grain by
/// <see cref="RequestRouter"/>; successes, failures and rejections land in their places.
/// </summary>
public sealed class CircuitBreakerRoutingExampleTests
{
    private const string BreakerId = "example:backend";

    [Fact]
    public async Task Requests_land_in_success_failure_and_rejection_places_as_the_breaker_opens_and_recovers()
    {
        await using var silo = await TestSilo.StartAsync(StorageProvider.Sqlite);
        var workflowId = await RequestRouter.CreateWorkflowAsync(silo.Grains,
            Path.Combine(RepositoryPaths.Root, "examples", "workflows", "circuit_breaker_routing.yaml"));
        Assert.Equal(RequestRouter.WorkflowId, workflowId);
        var router = new RequestRouter(silo.Grains, workflowId, BreakerId);
        await router.Breaker.Configure(new BreakerSettings
        {
            SlidingWindowSize = 4,
            MinimumNumberOfCalls = 4,
            FailureRateThreshold = 50,
            // Short, yet long enough that the three rejections below happen inside it on a loaded machine.
            WaitDurationInOpenStateMs = 3000,
            PermittedNumberOfCallsInHalfOpenState = 2,
        });
        var halfOpen = new TaskCompletionSource<BreakerStateChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var _ = await silo.Host.StreamProvider.GetStream<BreakerStateChanged>(ResilienceStreams.Breaker, BreakerId).SubscribeItemsAsync(e =>
        {
            if (e.To == "HALF_OPEN") halfOpen.TrySetResult(e);
            return Task.CompletedTask;
        });
        var backend = new StandInBackend();
        var n = 0;
        async Task<RoutedRequest[]> Route(int count)
        {
            var routed = new RoutedRequest[count];
            for (var i = 0; i < count; i++) routed[i] = await router.RouteAsync($"req-{++n:D3}", backend.CallAsync);
            return routed;
        }

        var healthy = await Route(4);
        Assert.All(healthy, r => Assert.Equal((RouteOutcome.Success, "success_responses", "CLOSED"), (r.Outcome, r.Place, r.Permit.State)));

        // Window [S, S, S, S]; two failures make it 50 %: the second one opens the breaker.
        backend.Healthy = false;
        var failed = await Route(2);
        Assert.All(failed, r => Assert.Equal((RouteOutcome.Failure, "failed_requests"), (r.Outcome, r.Place)));
        Assert.Equal("OPEN", (await router.Breaker.GetState()).State);

        var calls = backend.Calls;
        var rejected = await Route(3);
        Assert.All(rejected, r => Assert.Equal((RouteOutcome.Rejected, "circuit_open_rejections", "OPEN"), (r.Outcome, r.Place, r.Permit.State)));
        Assert.All(rejected, r => Assert.InRange(r.Permit.RetryAfterMs!.Value, 1, 3000));
        Assert.Equal(calls, backend.Calls);

        // No request arrives: the breaker's timer moves it to HALF_OPEN when the wait is over; two trials close it.
        backend.Healthy = true;
        Assert.Equal("WaitDurationElapsed", (await halfOpen.Task.WaitAsync(TimeSpan.FromSeconds(15))).Reason);
        var trials = await Route(2);
        Assert.All(trials, r => Assert.Equal((RouteOutcome.Success, "success_responses", "HALF_OPEN"), (r.Outcome, r.Place, r.Permit.State)));
        Assert.Equal("CLOSED", (await router.Breaker.GetState()).State);
        var after = Assert.Single(await Route(1));
        Assert.Equal((RouteOutcome.Success, "CLOSED"), (after.Outcome, after.Permit.State));

        // The tokens really are in those places (the storage index), with the breaker's answer in their data.
        var directory = new WorkflowDirectory(silo.Host.Services.GetRequiredService<IStateStore>(), silo.Grains);
        async Task<List<string>> In(string place) =>
            [.. (await directory.ListTokensAsync(workflowId, place, status: "completed", first: 100)).Items.Select(t => t.Id).Order()];
        Assert.Equal(["req-001", "req-002", "req-003", "req-004", "req-010", "req-011", "req-012"], await In("success_responses"));
        Assert.Equal(["req-005", "req-006"], await In("failed_requests"));
        Assert.Equal(["req-007", "req-008", "req-009"], await In("circuit_open_rejections"));
        var refusedToken = (await silo.Grains.GetGrain<ITokenGrain>("req-008").Get())!;
        Assert.Equal("OPEN", JsonNode.Parse(refusedToken.DataJson)!["breaker"]!["state"]!.GetValue<string>());
        var history = await silo.Grains.GetGrain<ITokenGrain>("req-005").History();
        Assert.Equal(["validate_request", "route_through_circuit_breaker", "route_failure"], history.Entries.Select(e => e.TransitionId));
    }

    [Fact]
    public async Task A_cancelled_call_is_not_counted_against_the_backend_and_its_token_is_cancelled()
    {
        await using var silo = await TestSilo.StartAsync(StorageProvider.Sqlite);
        var workflowId = await RequestRouter.CreateWorkflowAsync(silo.Grains,
            Path.Combine(RepositoryPaths.Root, "examples", "workflows", "circuit_breaker_routing.yaml"), "routing-cancel");
        var router = new RequestRouter(silo.Grains, workflowId, "example:cancel");
        await router.Breaker.Configure(new BreakerSettings { SlidingWindowSize = 1, MinimumNumberOfCalls = 1 });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            router.RouteAsync("req-cancel", ct => Task.FromCanceled(new CancellationToken(canceled: true))));

        var state = await router.Breaker.GetState();
        Assert.Equal(("CLOSED", 0), (state.State, state.NumberOfBufferedCalls));
        var token = (await silo.Grains.GetGrain<ITokenGrain>("req-cancel").Get())!;
        Assert.Equal(("cancelled", "in_flight"), (token.Status, token.State));
    }
}
