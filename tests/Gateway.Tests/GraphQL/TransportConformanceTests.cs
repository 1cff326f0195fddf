using System.Text.Json.Nodes;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.GraphQL;

/// <summary>The gateway's /graphql against a real peer: graphql-http's server audits (GraphiQL in a browser: GraphiQLTests).</summary>
[Collection(GraphQLGatewayCollection.Name)]
public sealed class TransportConformanceTests(GraphQLGateway gateway)
{
    [Fact]
    public async Task Graphql_http_server_audits_pass_every_MUST_and_every_SHOULD()
    {
        var results = (await NodeScript.RunAsync("http-audits.mjs", new JsonObject { ["url"] = gateway.Url }, TimeSpan.FromSeconds(90))).AsArray();
        Assert.True(results.Count > 20, $"only {results.Count} audits ran");
        Assert.Contains(results, r => r!["name"]!.GetValue<string>().StartsWith("MUST", StringComparison.Ordinal));
        var failed = results
            .Where(r => r!["status"]!.GetValue<string>() != "ok")
            .Select(r => $"{r!["id"]} {r["name"]}: {r["reason"]}")
            .ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }
}
