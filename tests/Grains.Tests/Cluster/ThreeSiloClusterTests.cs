using CircuitBreaker.Grains.Tests.Workflow;
using CircuitBreaker.Grains.Workflow;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace CircuitBreaker.Grains.Tests.Cluster;

/// <summary>
/// The product's grains on a real three-silo Orleans cluster (TestingHost, in process) sharing one store, called through
/// a real Orleans client: errors keep their codes across the wire, and a token's fires stay serialized and gap-free
/// when a silo goes away.
/// </summary>
public sealed class ThreeSiloClusterTests
{
    // A two-place cycle: every fire is enabled, so fires can go on through a failover.
    private const string Cycle = """
        { "states": ["ping", "pong"],
          "transitions": [ { "id": "go", "fromStates": ["ping"], "toState": "pong" }, { "id": "back", "fromStates": ["pong"], "toState": "ping" } ],
          "initialState": "ping", "finalStates": [] }
        """;

    private static async Task<InProcessTestCluster> StartClusterAsync(AdoNetStateStore store)
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddCircuitBreakerGrains(store);
            // Declare a killed silo dead within seconds, as docs/CLUSTER.md sets it for production.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
        });
        // Calls caught on the killed silo fail after 5 s instead of Orleans' 30 s, and are retried.
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5)));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task A_domain_error_reaches_the_client_with_its_code_and_message(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        await using var cluster = await StartClusterAsync(test.Storage);
        var workflowId = "wf-" + Guid.NewGuid().ToString("N");
        await cluster.Client.GetGrain<IWorkflowGrain>(workflowId).Create(Definitions.DocumentApproval);
        // Tokens spread over the silos; each one's error crosses from its silo to the client.
        var tokens = Enumerable.Range(0, 12).Select(i => cluster.Client.GetGrain<ITokenGrain>($"{workflowId}/{i}")).ToList();
        foreach (var token in tokens) await token.Create(new CreateTokenRequest(workflowId));
        foreach (var token in tokens)
        {
            var error = await Assert.ThrowsAsync<WorkflowException>(() => token.Fire(new FireTransitionRequest("approve")));
            Assert.Equal(WorkflowErrorCodes.TransitionNotEnabled, error.Code);
            Assert.Contains("approve", error.Message);
        }
        var breaker = cluster.Client.GetGrain<CircuitBreaker.Grains.Resilience.ICircuitBreakerGrain>("svc:" + Guid.NewGuid().ToString("N"));
        var refused = await Assert.ThrowsAsync<CircuitBreaker.Grains.Resilience.ResilienceException>(() => breaker.Configure(new CircuitBreaker.Grains.Resilience.BreakerSettings { FailureRateThreshold = 150 }));
        Assert.StartsWith("BREAKER_", refused.Code);
    }

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task Grains_answer_after_a_silo_stops_and_a_token_history_stays_gap_free_across_a_failover(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        await using var cluster = await StartClusterAsync(test.Storage);
        var workflowId = "cycle-" + Guid.NewGuid().ToString("N");
        await cluster.Client.GetGrain<IWorkflowGrain>(workflowId).Create(Cycle);
        var tokens = Enumerable.Range(0, 30).Select(i => cluster.Client.GetGrain<ITokenGrain>($"{workflowId}/{i}")).ToList();
        foreach (var token in tokens) await token.Create(new CreateTokenRequest(workflowId));

        // Concurrent callers keep firing (each fire with its own idempotency key, retried until acknowledged) while a
        // silo other than the primary is killed.
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(tokens.Select((token, t) => Task.Run(async () =>
        {
            var n = 0;
            var next = "go";
            while (!stop.IsCancellationRequested)
            {
                var key = $"{t}-{n++}";
                var result = await FireUntilAcknowledgedAsync(token, next, key);
                acknowledged[key] = result.Entry.Sequence;
                next = next == "go" ? "back" : "go";
            }
        })));
        // Kill once fires are flowing, stop once more were acknowledged after the kill (each wait bounded).
        await WaitForAsync(() => acknowledged.Count >= 60, load);
        var victim = cluster.GetActiveSilos().Skip(1).First();
        await cluster.KillSiloAsync(victim);
        var beforeKill = acknowledged.Count;
        await WaitForAsync(() => acknowledged.Count >= beforeKill + 60, load);
        stop.Cancel();
        await load.WaitAsync(TimeSpan.FromSeconds(60));

        // Every token answers on the remaining silos; every acknowledged fire is in its history exactly once, 1..n.
        var total = 0;
        foreach (var (token, t) in tokens.Select((token, t) => (token, t)))
        {
            var view = await token.Get();
            Assert.NotNull(view);
            var history = await token.History(0, 1000);
            Assert.Equal(Enumerable.Range(1, history.Entries.Count).Select(i => (long)i), history.Entries.Select(e => e.Sequence));
            var keys = history.Entries.Select(e => e.IdempotencyKey).ToList();
            Assert.Equal(keys.Count, keys.Distinct().Count());
            foreach (var (key, sequence) in acknowledged.Where(a => a.Key.StartsWith($"{t}-", StringComparison.Ordinal)))
                Assert.Equal(key, history.Entries[(int)sequence - 1].IdempotencyKey);
            total += history.Entries.Count;
        }
        Assert.True(total >= tokens.Count, "some fires succeeded");
    }

    private static async Task WaitForAsync(Func<bool> condition, Task load)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition() && !load.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(condition(), "the load made progress");
    }

    private static async Task<FireResult> FireUntilAcknowledgedAsync(ITokenGrain token, string transition, string key)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await token.Fire(new FireTransitionRequest(transition) { IdempotencyKey = key });
            }
            catch (Exception ex) when (ex is not WorkflowException && attempt < 200)
            {
                // The silo holding the token died: the call is retried with the same key, so it fires at most once.
                await Task.Delay(50);
            }
        }
    }
}
