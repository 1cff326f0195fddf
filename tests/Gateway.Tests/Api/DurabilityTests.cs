using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using CircuitBreaker.TestSupport;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Api;

/// <summary>
/// Restarts and crashes of the real gateway: what was acknowledged survives, nothing is doubled, examples are
/// loaded once.
/// </summary>
public sealed class DurabilityTests
{
    private static readonly string[] Cycle = ["submit", "reject", "revise"];

    [Fact]
    public async Task A_restart_on_the_same_data_keeps_tokens_history_and_examples()
    {
        var directory = TempDirectory.Create("cb-gateway-restart");
        try
        {
            string[] arguments = ["--Storage:DataDirectory", directory];
            string token;
            await using (var first = await GatewayProcess.StartAsync(arguments))
            {
                await (await first.Client.GetAsync("/api/v1/workflows/document_approval_v1")).Expect(HttpStatusCode.OK);
                token = await first.Client.CreateToken("document_approval_v1", """{"title":"kept"}""");
                await (await first.Client.Fire(token, "submit")).Expect(HttpStatusCode.OK);
                await (await first.Client.Fire(token, "approve")).Expect(HttpStatusCode.OK);
            }
            await using var second = await GatewayProcess.StartAsync(arguments);
            var kept = await (await second.Client.GetAsync($"/api/v1/tokens/{token}")).Expect(HttpStatusCode.OK);
            Assert.Equal("approved", (string?)kept["state"]);
            Assert.Equal("kept", (string?)kept["data"]!["title"]);
            var history = await (await second.Client.GetAsync($"/api/v1/tokens/{token}/history")).Expect(HttpStatusCode.OK);
            Assert.Equal(["submit", "approve"], history["items"]!.AsArray().Select(e => (string)e!["transitionId"]!));
            // The examples were not created twice: still one version each.
            var versions = await (await second.Client.GetAsync("/api/v1/workflows/document_approval_v1/versions")).Expect(HttpStatusCode.OK);
            Assert.Single(versions.AsArray());
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }

    [Fact]
    public async Task Killed_mid_load_on_sqlite_every_acknowledged_fire_survives_once()
    {
        var directory = TempDirectory.Create("cb-gateway-crash");
        try
        {
            await KillMidLoadAndVerifyAsync(["--Storage:DataDirectory", directory], null);
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }

    [Fact]
    public async Task Stopped_gracefully_mid_load_it_exits_cleanly_and_every_acknowledged_fire_survives_once()
    {
        var directory = TempDirectory.Create("cb-gateway-sigterm");
        try
        {
            await KillMidLoadAndVerifyAsync(["--Storage:DataDirectory", directory], null, graceful: true);
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }

    [PostgreSqlFact]
    public async Task Killed_mid_load_on_postgresql_every_acknowledged_fire_survives_once()
    {
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "PostgreSql",
            ["Storage__ConnectionString"] = PostgreSqlTestDatabase.RequireConnectionString(),
            ["Storage__ServiceId"] = "gateway-crash-" + Guid.NewGuid().ToString("N"),
        };
        await KillMidLoadAndVerifyAsync([], environment);
    }

    /// <summary>
    /// Fires on many tokens concurrently, SIGKILLs the gateway (or, <paramref name="graceful"/>, sends SIGTERM and
    /// expects a clean exit after in-flight turns finished and writes were flushed), restarts it and checks every history.
    /// </summary>
    private static async Task KillMidLoadAndVerifyAsync(string[] arguments, Dictionary<string, string>? environment, bool graceful = false)
    {
        const int tokens = 16;
        var acknowledged = new ConcurrentBag<(string Token, long Sequence, string Transition, string Key)>();
        List<string> ids = [];
        await using (var gateway = await GatewayProcess.StartAsync(arguments, environment))
        {
            for (var i = 0; i < tokens; i++) ids.Add(await gateway.Client.CreateToken("document_approval_v1", """{"title":"load"}"""));
            using var stop = new CancellationTokenSource();
            var workers = ids.Select(id => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var transition = Cycle[n % Cycle.Length];
                    var key = $"{id}-{n}";
                    try
                    {
                        using var response = await gateway.Client.Fire(id, transition, $$""","idempotencyKey":"{{key}}" """);
                        if (response.StatusCode != HttpStatusCode.OK) return;
                        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                        acknowledged.Add((id, (long)body["entry"]!["sequence"]!, transition, key));
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        return; // The gateway died under us.
                    }
                }
            })).ToList();

            // Kill once real load is flowing (an observed count, not a fixed sleep).
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (acknowledged.Count < tokens * 6 && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.True(acknowledged.Count >= tokens * 6, $"load did not get going: {acknowledged.Count} fires\n{gateway.Output}");
            if (graceful)
            {
                var exitCode = await gateway.TerminateAsync(TimeSpan.FromSeconds(30));
                Assert.True(exitCode == 0, $"graceful stop exited with {exitCode}:\n{gateway.Output}");
                Assert.DoesNotContain("Unhandled exception", gateway.Output);
            }
            else
            {
                await gateway.KillAsync();
            }
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }

        await using var restarted = await GatewayProcess.StartAsync(arguments, environment);
        foreach (var id in ids)
        {
            var entries = await FullHistory(restarted.Client, id);
            var sequences = entries.Select(e => (long)e["sequence"]!).ToList();
            Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), sequences);
            var keys = entries.Select(e => (string?)e["idempotencyKey"]).ToList();
            Assert.Equal(keys.Count, keys.Distinct().Count());
            var mine = acknowledged.Where(a => a.Token == id).ToList();
            foreach (var ack in mine)
            {
                var entry = entries.SingleOrDefault(e => (long)e["sequence"]! == ack.Sequence);
                Assert.True(entry is not null, $"acknowledged fire {ack.Key} (sequence {ack.Sequence}) lost");
                Assert.Equal(ack.Transition, (string?)entry["transitionId"]);
                Assert.Equal(ack.Key, (string?)entry["idempotencyKey"]);
            }
            // At most the one fire in flight at the kill may be durable without an acknowledgement.
            Assert.InRange(entries.Count, mine.Count, mine.Count + 1);
            var token = await (await restarted.Client.GetAsync($"/api/v1/tokens/{id}")).Expect(HttpStatusCode.OK);
            Assert.Equal(entries.Count, (long)token["historyLength"]!);
        }
    }

    private static async Task<List<JsonNode>> FullHistory(HttpClient client, string id)
    {
        var all = new List<JsonNode>();
        long after = 0;
        while (true)
        {
            var page = await (await client.GetAsync($"/api/v1/tokens/{id}/history?after={after}&first=500")).Expect(HttpStatusCode.OK);
            var items = page["items"]!.AsArray().Select(e => e!).ToList();
            all.AddRange(items);
            if (!(bool)page["hasNextPage"]! || items.Count == 0) return all;
            after = (long)items[^1]["sequence"]!;
        }
    }
}
