using System.Net;

namespace CircuitBreaker.Security.Tests;

/// <summary>Issue 13 item 1: administrators' provider and virtual model changes survive a restart and are audited.</summary>
public sealed class CatalogPersistenceTests
{
    private const string AdminKey = "persist-admin-key-0123456789";

    [Fact]
    public async Task Provider_and_virtual_model_changes_survive_a_restart_and_say_who_when_what()
    {
        var directory = TempDirectory.Create("cb-catalog");
        try
        {
            string[] arguments = ["--Storage:DataDirectory", directory, "--Gateway:ApiKeys:0:Key", AdminKey,
                "--Llm:Models:0:Provider", "openai", "--Llm:Models:0:Model", "m-keep", "--Llm:Models:0:InputPerMTok", "1", "--Llm:Models:0:OutputPerMTok", "1"];
            var before = DateTimeOffset.UtcNow.AddSeconds(-1);
            await using (var first = await GatewayProcess.StartAsync(arguments))
            {
                await (await first.Client.Send(HttpMethod.Put, "/api/v1/llm/providers/openai", """{"timeoutMs":12345}""", AdminKey)).Expect(HttpStatusCode.OK);
                await (await first.Client.Send(HttpMethod.Put, "/api/v1/llm/providers/openai", """{"name":"OpenAI (ours)"}""", AdminKey)).Expect(HttpStatusCode.OK);
                await (await first.Client.Send(HttpMethod.Put, "/api/v1/llm/virtual-models/kept", """{"strategy":"failover","models":["openai/m-keep"]}""", AdminKey))
                    .Expect(HttpStatusCode.OK);
                await first.TerminateAsync(TimeSpan.FromSeconds(30));
            }

            await using var second = await GatewayProcess.StartAsync(arguments);
            var provider = await (await second.Client.Send(HttpMethod.Get, "/api/v1/llm/providers/openai", null, AdminKey)).Expect(HttpStatusCode.OK);
            Assert.Equal(12345, (int?)provider["timeoutMs"]);
            Assert.Equal("OpenAI (ours)", (string?)provider["name"]);
            var models = await (await second.Client.Send(HttpMethod.Get, "/api/v1/llm/virtual-models", null, AdminKey)).Expect(HttpStatusCode.OK);
            Assert.Contains(models.AsArray(), v => (string?)v!["name"] == "kept");

            var audit = (await (await second.Client.Send(HttpMethod.Get, "/api/v1/llm/audit", null, AdminKey)).Expect(HttpStatusCode.OK))["items"]!.AsArray();
            Assert.Equal(["provider", "provider", "virtual-model"], audit.Select(e => (string)e!["kind"]!));
            Assert.All(audit, e =>
            {
                Assert.StartsWith("key:", (string)e!["by"]!);
                Assert.DoesNotContain(AdminKey, e.ToJsonString(), StringComparison.Ordinal);
                Assert.InRange(DateTimeOffset.Parse((string)e["at"]!, System.Globalization.CultureInfo.InvariantCulture), before, DateTimeOffset.UtcNow);
            });
            Assert.Equal(12345, (int?)audit[0]!["change"]!["override"]!["timeoutMs"]);
            Assert.Equal([1L, 2L, 3L], audit.Select(e => (long)e!["sequence"]!));
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }
}
