using System.Net;
using System.Text.Json.Nodes;
using CircuitBreaker.Storage;
using Xunit;

namespace CircuitBreaker.Gateway.Tests;

/// <summary>
/// A reminder outlives a crash: an OPEN breaker's wake-up is a durable reminder (our reminder table on SQLite, Orleans'
/// ADO.NET reminders on PostgreSQL), so after SIGKILL and a restart the breaker moves to HALF_OPEN without anyone
/// calling it. The listing filtered by state reads the storage index, so it does not activate the breaker itself.
/// </summary>
public sealed class ReminderRestartTests
{
    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task An_open_breaker_wakes_to_half_open_after_the_process_was_killed(StorageProvider provider)
    {
        var directory = TempDirectory.Create("cb-reminder");
        var environment = provider == StorageProvider.PostgreSql
            ? new Dictionary<string, string>
            {
                ["Storage__Provider"] = "PostgreSql",
                ["Storage__ConnectionString"] = PostgreSqlTestDatabase.RequireConnectionString(),
                ["Storage__ServiceId"] = "reminder-" + Guid.NewGuid().ToString("N"),
            }
            : null;
        string[] arguments = ["--Storage:DataDirectory", directory, "--Gateway:LoadExamples", "false"];
        var id = "wake-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await using (var first = await GatewayProcess.StartAsync(arguments, environment))
            {
                await (await first.Client.Send(HttpMethod.Put, $"/api/v1/breakers/{id}",
                    """{"failureRateThreshold":50,"slidingWindowSize":2,"minimumNumberOfCalls":2,"waitDurationInOpenStateMs":1000}""")).Expect(HttpStatusCode.OK);
                JsonNode state = null!;
                for (var i = 0; i < 2; i++)
                    state = await (await first.Client.PostJson($"/api/v1/breakers/{id}/record", """{"outcome":"failure","durationMs":1}""")).Expect(HttpStatusCode.OK);
                Assert.Equal("OPEN", (string?)state["state"]);
                await first.KillAsync();
            }

            await using var second = await GatewayProcess.StartAsync(arguments, environment);
            var query = new JsonObject { ["query"] = "{ circuitBreakers(state: HALF_OPEN) { id state } }" }.ToJsonString();
            var deadline = DateTime.UtcNow.AddSeconds(90);
            JsonArray woken;
            do
            {
                woken = (await (await second.Client.PostJson("/graphql", query)).Expect(HttpStatusCode.OK))["data"]!["circuitBreakers"]!.AsArray();
                if (woken.Any(b => (string?)b!["id"] == id)) break;
                await Task.Delay(250);
            }
            while (DateTime.UtcNow < deadline);
            Assert.Contains(woken, b => (string?)b!["id"] == id);
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }
}
