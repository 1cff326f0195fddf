using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CircuitBreaker.Gateway.Tests.GraphQL;
using CircuitBreaker.TestSupport;
using Xunit;

namespace CircuitBreaker.Gateway.Tests;

/// <summary>Gateways as Orleans clients of a real silo process, and another .NET program calling grains directly.</summary>
public sealed class ClusterGatewayTests
{
    private const string Review = """
        { "id": "review", "states": ["draft", "review", "approved", "rejected"],
          "transitions": [ { "id": "submit", "fromStates": ["draft"], "toState": "review" },
                           { "id": "approve", "fromStates": ["review"], "toState": "approved" },
                           { "id": "reject", "fromStates": ["review"], "toState": "rejected" },
                           { "id": "revise", "fromStates": ["rejected"], "toState": "draft" } ],
          "initialState": "draft", "finalStates": ["approved"] }
        """;

    // The example runs from its own build output (its own dependency versions), as `dotnet run` would run it; the
    // project reference only makes sure it is built, in the configuration of this test assembly.
    private static string ExampleDll() => Path.Combine(RepositoryPaths.Root, "examples", "DotNetClient", "bin",
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "DotNetClient.dll");

    [PostgreSqlFact]
    public async Task A_subscription_on_one_client_gateway_receives_the_fires_made_through_another()
    {
        var id = "gw2-" + Guid.NewGuid().ToString("N")[..12];
        string[] common = ["--Storage:Provider=PostgreSql", "--Storage:ConnectionString=" + PostgreSqlTestDatabase.RequireConnectionString(), "--Storage:ServiceId=" + id];
        await using var silo = HostProcess.Start("CircuitBreaker.Silo.dll", common);
        await silo.WaitForStatusAsync("/ready", HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        string[] client = [.. common, "--Gateway:Silo=Client", "--Gateway:LoadExamples=false"];
        await using var first = await GatewayProcess.StartAsync(client);
        await using var second = await GatewayProcess.StartAsync(client);

        (await first.Client.PostAsync("/api/v1/workflows", new StringContent(Review, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var tokenId = id + "-t";
        (await first.Client.PostAsJsonAsync("/api/v1/tokens", new { workflowId = "review", id = tokenId })).EnsureSuccessStatusCode();
        (await first.Client.PostAsJsonAsync($"/api/v1/tokens/{tokenId}/fire", new { transitionId = "submit" })).EnsureSuccessStatusCode();

        // Subscribed on the second gateway; the fire already made is replayed, then the two made through the first
        // gateway arrive live over the grain streams.
        var input = new JsonObject
        {
            ["url"] = second.BaseAddress.ToString().TrimEnd('/').Replace("http://", "ws://") + "/graphql",
            ["httpUrl"] = first.BaseAddress.ToString().TrimEnd('/') + "/graphql",
            ["query"] = $$"""subscription { tokenUpdates(tokenId: "{{tokenId}}", afterSequence: 0) { sequence transitionId replayed } }""",
            ["count"] = 3,
            ["mutateAfter"] = 1,
            ["mutations"] = new JsonArray(
                $$"""mutation { fireTransition(input: { tokenId: "{{tokenId}}", transitionId: "reject" }) { id } }""",
                $$"""mutation { fireTransition(input: { tokenId: "{{tokenId}}", transitionId: "revise" }) { id } }"""),
        };
        var output = await NodeScript.RunAsync("ws-client.mjs", input, TimeSpan.FromSeconds(60));
        Assert.True(output["error"] is null, $"graphql-ws client: {output["error"]}\n{second.Output}");
        var events = output["results"]!.AsArray().Select(r => r!["data"]!["tokenUpdates"]!).ToList();
        Assert.Equal([1L, 2L, 3L], events.Select(e => e["sequence"]!.GetValue<long>()));
        Assert.Equal(["submit", "reject", "revise"], events.Select(e => e["transitionId"]!.GetValue<string>()));
        Assert.Equal([true, false, false], events.Select(e => e["replayed"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task The_dotnet_client_example_creates_fires_and_reads_history_through_the_orleans_client()
    {
        var directory = TempDirectory.Create("cb-dotnet-client");
        try
        {
            var gatewayPort = HostProcess.FreePort();
            var serviceId = "dotnet-client-" + Guid.NewGuid().ToString("N")[..8];
            await using var gateway = await GatewayProcess.StartAsync([
                "--Storage:DataDirectory", directory, "--Storage:ServiceId", serviceId, $"--Silo:GatewayPort={gatewayPort}"]);

            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { ExampleDll(), "--gateway-port", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--service-id", serviceId, "--cluster-id", serviceId })
                info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
            var stderr = process.StandardError.ReadToEndAsync(limit.Token);
            try { await process.WaitForExitAsync(limit.Token); }
            finally { if (!process.HasExited) process.Kill(entireProcessTree: true); }
            var printed = await stdout;
            Assert.True(process.ExitCode == 0, printed + await stderr);
            Assert.Contains("fired submit: draft -> review", printed);
            Assert.Contains("firing submit again: TRANSITION_NOT_ENABLED", printed);
            Assert.Contains("1: submit draft -> review by dotnet-client", printed);

            // The token is the gateway's too: the REST API sees what the other program did.
            var tokenId = printed.Split('\n').First(l => l.StartsWith("created token ", StringComparison.Ordinal)).Split(' ')[2];
            var token = await gateway.Client.GetFromJsonAsync<JsonObject>($"/api/v1/tokens/{tokenId}");
            Assert.Equal("review", (string?)token!["state"]);
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }
}
