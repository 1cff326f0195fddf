using System.Net;
using System.Text.Json.Nodes;
using CircuitBreaker.Gateway.Tests.Api;
using CircuitBreaker.TestSupport;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.GraphQL;

/// <summary>The gateway's GraphQL limits and rate limiting, configured as an operator would, on the real process.</summary>
public sealed class LimitTests
{
    private static string Query(string query) => new JsonObject { ["query"] = query }.ToJsonString();

    [Fact]
    public async Task Configured_depth_alias_and_introspection_limits_refuse_documents_with_limit_exceeded()
    {
        var directory = TempDirectory.Create("cb-gateway-gql-limits");
        try
        {
            await using var gateway = await GatewayProcess.StartAsync([
                "--Storage:DataDirectory", directory, "--Gateway:LoadExamples", "false",
                "--Gateway:GraphQL:MaxDepth", "3", "--Gateway:GraphQL:MaxAliases", "2",
                "--Gateway:GraphQL:AllowIntrospection", "false",
            ]);
            async Task<JsonNode> Post(string query)
            {
                using var response = await gateway.Client.PostJson("/graphql", Query(query));
                return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            }

            Assert.NotNull((await Post("{ workflows { id name } }"))["data"]);
            var deep = await Post("{ workflows { id tokens { id history { transition } } } }");
            Assert.Null(deep["data"]);
            Assert.True(deep["errors"] is JsonArray, deep.ToJsonString());
            Assert.True(deep["errors"]!.AsArray().Any(e => (string?)e!["extensions"]?["code"] == "GRAPHQL_LIMIT_EXCEEDED" && ((string)e["message"]!).Contains("depth")), deep.ToJsonString());
            var aliases = await Post("{ a: workflows { id } b: workflows { id } c: workflows { id } }");
            Assert.True(aliases["errors"] is JsonArray, aliases.ToJsonString());
            Assert.True(aliases["errors"]!.AsArray().Any(e => (string?)e!["extensions"]?["code"] == "GRAPHQL_LIMIT_EXCEEDED"), aliases.ToJsonString());
            var introspection = await Post("{ __schema { queryType { name } } }");
            Assert.Null(introspection["data"]);
            Assert.NotEmpty(introspection["errors"]!.AsArray());
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }

    [Fact]
    public async Task GraphQL_requests_are_rate_limited_per_key_with_retry_after()
    {
        var directory = TempDirectory.Create("cb-gateway-gql-ratelimit");
        try
        {
            await using var gateway = await GatewayProcess.StartAsync([
                "--Storage:DataDirectory", directory, "--Gateway:LoadExamples", "false",
                "--Gateway:ApiKeys:0:Key", "busy-key", "--Gateway:ApiKeys:0:Tenant", "t1",
                "--Gateway:ApiKeys:1:Key", "quiet-key", "--Gateway:ApiKeys:1:Tenant", "t2",
                "--Gateway:RateLimit:PermitsPerSecond", "1", "--Gateway:RateLimit:Burst", "2",
            ]);
            var responses = new List<HttpResponseMessage>();
            for (var i = 0; i < 5; i++) responses.Add(await gateway.Client.PostJson("/graphql", Query("{ workflows { id } }"), "busy-key"));
            var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.NotEmpty(limited);
            Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) <= 3);
            Assert.NotNull(limited[0].Headers.RetryAfter?.Delta);
            await limited[0].ExpectProblem(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.PostJson("/graphql", Query("{ workflows { id } }"), "quiet-key")).StatusCode);
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }
}
