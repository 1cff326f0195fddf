using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CircuitBreaker.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CircuitBreaker.Silo.Tests;

/// <summary>
/// Three real silo processes and a gateway in client mode on the CI PostgreSQL; one silo is killed with SIGKILL while
/// 200 callers fire transitions on 1,000 tokens through the gateway.
/// </summary>
public sealed class ClusterProcessTests(ITestOutputHelper output)
{
    private const int Tokens = 1000;
    private const int Callers = 200;

    // A two-place cycle: every fire is enabled, so fires go on through the failover.
    private const string Cycle = """
        { "id": "cycle", "states": ["ping", "pong"],
          "transitions": [ { "id": "go", "fromStates": ["ping"], "toState": "pong" }, { "id": "back", "fromStates": ["pong"], "toState": "ping" } ],
          "initialState": "ping", "finalStates": [] }
        """;

    [PostgreSqlFact]
    public async Task Killing_one_of_three_silos_mid_load_loses_no_acknowledged_fire_and_leaves_no_gap()
    {
        var connectionString = PostgreSqlTestDatabase.RequireConnectionString();
        var id = "kill-" + Guid.NewGuid().ToString("N")[..12];
        string[] common = ["--Storage:Provider=PostgreSql", "--Storage:ConnectionString=" + connectionString, "--Storage:ServiceId=" + id, "--Silo:ClusterId=" + id];
        var processes = new List<HostProcess>();
        try
        {
            // The silos, where workflow grains run, enforce their own definition limit (the gateway keeps the default).
            var silos = Enumerable.Range(0, 3).Select(_ => HostProcess.Start("CircuitBreaker.Silo.dll", [.. common, "--Gateway:Definitions:MaxPlaces=20"])).ToList();
            processes.AddRange(silos);
            foreach (var silo in silos) await silo.WaitForStatusAsync("/ready", HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            var gateway = HostProcess.Start("CircuitBreaker.Gateway.dll", [.. common, "--Gateway:Silo=Client", "--Gateway:LoadExamples=false"]);
            processes.Add(gateway);
            await gateway.WaitForStatusAsync("/ready", HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

            (await http.PostAsync("/api/v1/workflows", new StringContent(Cycle, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            var places = string.Join(",", Enumerable.Range(0, 30).Select(i => $"\"p{i}\""));
            var large = $$$"""{ "id": "large", "states": [{{{places}}}], "transitions": [ { "id": "t", "fromStates": ["p0"], "toState": "p1" } ], "initialState": "p0", "finalStates": ["p1"] }""";
            using (var refused = await http.PostAsync("/api/v1/workflows", new StringContent(large, System.Text.Encoding.UTF8, "application/json")))
            {
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
                Assert.Contains("DEFINITION_TOO_LARGE", await refused.Content.ReadAsStringAsync());
            }
            var tokens = Enumerable.Range(0, Tokens).Select(i => $"{id}-t{i}").ToArray();
            await Parallel.ForEachAsync(tokens, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (token, ct) =>
                (await http.PostAsJsonAsync("/api/v1/tokens", new { workflowId = "cycle", id = token }, ct)).EnsureSuccessStatusCode());

            // Each caller owns tokens caller, caller + 200, …: a token's fires are sequential, so its history is predictable.
            var acknowledged = new ConcurrentDictionary<string, ConcurrentBag<(long Sequence, string Key)>>();
            var clock = Stopwatch.StartNew();
            long killedAt = -1;
            // Per caller: when its first fire acknowledged after the kill came back (callers whose tokens lived on
            // the killed silo wait for the failover; the slowest of them is the cluster's recovery time).
            var firstAfterKill = Enumerable.Repeat(-1L, Callers).ToArray();
            using var stop = new CancellationTokenSource();
            var fired = 0;
            var load = Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
            {
                var next = new Dictionary<string, string>();
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var token = tokens[(caller + n % (Tokens / Callers) * Callers) % Tokens];
                    var transition = next.GetValueOrDefault(token, "go");
                    var key = $"{caller}-{n}";
                    var sequence = await FireUntilAcknowledgedAsync(http, token, transition, key);
                    acknowledged.GetOrAdd(token, _ => []).Add((sequence, key));
                    next[token] = transition == "go" ? "back" : "go";
                    Interlocked.Increment(ref fired);
                    if (Volatile.Read(ref killedAt) >= 0 && firstAfterKill[caller] < 0)
                        Volatile.Write(ref firstAfterKill[caller], clock.ElapsedMilliseconds);
                }
            })));

            // Kill a silo once the load runs, then keep firing for a while on the two that remain.
            while (Volatile.Read(ref fired) < 2000 && !load.IsCompleted) await Task.Delay(20);
            await silos[1].KillAsync();
            Volatile.Write(ref killedAt, clock.ElapsedMilliseconds);
            var resumed = Volatile.Read(ref fired);
            while ((Volatile.Read(ref fired) < resumed + 2000 || firstAfterKill.Any(t => Volatile.Read(ref t) < 0))
                   && !load.IsCompleted && clock.ElapsedMilliseconds - killedAt < 60_000)
                await Task.Delay(50);
            stop.Cancel();
            await load.WaitAsync(TimeSpan.FromSeconds(120));
            Assert.All(firstAfterKill, t => Assert.True(t >= 0, "every caller's fires succeeded again after the kill"));
            var recovery = (firstAfterKill.Max() - killedAt) / 1000.0;
            output.WriteLine($"fires acknowledged: {fired}; seconds from the kill until every caller's fires succeeded again: {recovery:F2}");
            Console.WriteLine($"cluster kill test: seconds from kill -9 until fires succeed again (slowest caller): {recovery:F2}");

            // Every acknowledged fire is in its token's history exactly once, at the sequence it was acknowledged with,
            // and no history has a gap.
            await Parallel.ForEachAsync(tokens, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (token, ct) =>
            {
                var entries = new List<JsonNode>();
                long after = 0;
                while (true)
                {
                    var page = await http.GetFromJsonAsync<JsonObject>($"/api/v1/tokens/{token}/history?after={after}&first=1000", ct);
                    var items = page!["items"]!.AsArray();
                    entries.AddRange(items.Select(i => i!));
                    if (!(bool)page["hasNextPage"]! || items.Count == 0) break;
                    after = (long)items[^1]!["sequence"]!;
                }
                var sequences = entries.Select(e => (long)e["sequence"]!).ToList();
                Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
                var keys = entries.Select(e => (string?)e["idempotencyKey"]).ToList();
                Assert.Equal(keys.Count, keys.Distinct().Count());
                foreach (var (sequence, key) in acknowledged.GetValueOrDefault(token, []))
                    Assert.Equal(key, keys[(int)sequence - 1]);
            });
        }
        finally
        {
            foreach (var process in processes) await process.DisposeAsync();
        }
    }

    private static async Task<long> FireUntilAcknowledgedAsync(HttpClient http, string token, string transition, string key)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await http.PostAsJsonAsync($"/api/v1/tokens/{token}/fire", new { transitionId = transition, idempotencyKey = key });
                if (response.IsSuccessStatusCode)
                    return (long)(await response.Content.ReadFromJsonAsync<JsonObject>())!["entry"]!["sequence"]!;
                // 503 (cluster unavailable) and 409 (a stale activation's write) are retried with the same key.
                if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.Conflict) || attempt > 300)
                    throw new InvalidOperationException($"fire {key} on {token}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            catch (HttpRequestException) when (attempt <= 300) { }
            await Task.Delay(100);
        }
    }
}
