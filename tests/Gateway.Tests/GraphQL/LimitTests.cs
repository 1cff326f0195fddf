using System.Net;
using System.Text.Json.Nodes;
using CircuitBreaker.Gateway.Tests.Api;
using CircuitBreaker.TestSupport;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.GraphQL;

/// <summary>The gateway's GraphQL document limits, configured as an operator would, on the real process (rate limits: RateLimitTests).</summary>
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
}
