using System.Text.Json.Nodes;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.GraphQL;

/// <summary>The gateway's /graphql against real peers: graphql-http's server audits and a headless Chromium.</summary>
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

    [Fact]
    public async Task Browser_opens_the_query_page_runs_a_query_and_sees_the_result()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is required: apt-get install -y chromium");
        await gateway.EnsureDocumentApprovalAsync();
        var output = await NodeScript.RunAsync("browser-query.mjs", new JsonObject
        {
            ["url"] = gateway.Url,
            ["query"] = """{ workflow(id: "document_approval_v1") { id states } }""",
        }, TimeSpan.FromSeconds(90));

        Assert.Equal(200, output["status"]!.GetValue<int>());
        Assert.StartsWith("text/html", output["contentType"]!.GetValue<string>());
        var result = JsonNode.Parse(output["result"]!.GetValue<string>())!;
        Assert.Equal("document_approval_v1", result["data"]!["workflow"]!["id"]!.GetValue<string>());
        Assert.Equal(4, result["data"]!["workflow"]!["states"]!.AsArray().Count);
    }
}
