using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CircuitBreaker.Gateway.GraphiQL;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.GraphQL;

/// <summary>The GraphiQL page's plain parts: which requests get it, what it references, its defaults.</summary>
public sealed partial class GraphiQLPageTests
{
    [Theory]
    [InlineData("GET", "/graphql", "", "text/html,application/xhtml+xml", true)]
    [InlineData("GET", "/graphql/", "", "text/html", true)]
    [InlineData("GET", "/graphql", "?query=%7Bx%7D", "text/html", false)]
    [InlineData("GET", "/graphql", "", "application/json", false)]
    [InlineData("POST", "/graphql", "", "text/html", false)]
    [InlineData("GET", "/other", "", "text/html", false)]
    public void Page_is_only_for_a_browser_get_without_query(string method, string path, string query, string accept, bool expected)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        http.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        http.Request.Headers.Accept = accept;
        Assert.Equal(expected, GraphiQLPage.Wants(http, "/graphql"));
    }

    [Fact]
    public void Page_loads_only_the_gateways_own_files_and_encodes_the_endpoint()
    {
        var assets = GraphiQLAssets.Embedded;
        var html = GraphiQLPage.Html("/base/graphql?<x>", assets, "/base", defaultHeaders: null);

        Assert.DoesNotContain("<x>", html);
        var references = References(html);
        Assert.Equal(GraphiQLAssets.Required.Select(n => "/base" + assets.PathOf(n)).Order(), references.Where(r => r != "data:,").Order());
        Assert.All(references, r => Assert.True(r.StartsWith("/base/graphiql/", StringComparison.Ordinal) || r == "data:,", r));
        Assert.DoesNotMatch(@"(src|href)\s*=\s*""?(https?:)?//", html);
    }

    [Fact]
    public void Page_config_carries_the_endpoint_a_default_query_on_the_examples_and_the_credential_template()
    {
        var html = GraphiQLPage.Html("/graphql", GraphiQLAssets.Embedded, "", GraphiQLPage.DefaultHeaders(new GatewaySettings { ApiKeys = [new() { Key = "k" }] }));
        var json = ConfigBlock().Match(html).Groups[1].Value;
        var config = JsonNode.Parse(json)!;

        Assert.Equal("/graphql", config["endpoint"]!.GetValue<string>());
        var query = config["defaultQuery"]!.GetValue<string>();
        Assert.Contains("workflow(id: \"document_approval_v1\")", query);
        Assert.Contains("subscription ", query);
        Assert.Equal("", JsonNode.Parse(config["defaultHeaders"]!.GetValue<string>())!["X-Api-Key"]!.GetValue<string>());
    }

    [Fact]
    public void Default_headers_template_the_credential_the_gateway_accepts()
    {
        Assert.Null(GraphiQLPage.DefaultHeaders(null));
        Assert.Null(GraphiQLPage.DefaultHeaders(new GatewaySettings()));
        Assert.Contains("X-Api-Key", GraphiQLPage.DefaultHeaders(new GatewaySettings { ApiKeys = [new() { Key = "k" }] }));
        Assert.Contains("Bearer", GraphiQLPage.DefaultHeaders(new GatewaySettings { Jwt = new() { SigningKey = new string('s', 32) } }));
    }

    [Fact]
    public void Embedded_files_are_the_vendored_bundle_with_content_types_and_a_content_fingerprint()
    {
        var assets = GraphiQLAssets.Embedded;
        Assert.Equal("text/javascript; charset=utf-8", assets.Find("graphiql.min.js")!.ContentType);
        Assert.Equal("text/css; charset=utf-8", assets.Find("graphiql.min.css")!.ContentType);
        Assert.True(assets.Find("graphiql.min.js")!.Content.Length > 500_000, "GraphiQL's UMD build is about 1 MB");
        Assert.Null(assets.Find("README.md"));
        Assert.Matches("^[0-9a-f]{16}$", assets.Fingerprint);
        Assert.Equal(assets.Fingerprint, new GraphiQLAssets(typeof(GraphiQLAssets).Assembly).Fingerprint);
    }

    /// <summary>Every src and href of a page.</summary>
    internal static List<string> References(string html) =>
        Reference().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [GeneratedRegex(@"(?:src|href)=""([^""]*)""")]
    private static partial Regex Reference();

    [GeneratedRegex("""<script type="application/json" id="graphiql-config">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ConfigBlock();
}

/// <summary>GraphiQL served by the real gateway: its files over HTTP, and a headless Chromium driving it.</summary>
[Collection(GraphQLGatewayCollection.Name)]
public sealed class GraphiQLTests(GraphQLGateway gateway)
{
    [Fact]
    public async Task Page_and_files_are_served_with_content_types_caching_and_a_same_origin_policy()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.ParseAdd("text/html");
        using var page = await gateway.Process.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(@"(src|href)\s*=\s*""?(https?:)?//", html);

        var files = GraphiQLPageTests.References(html).Where(r => r.StartsWith('/')).ToList();
        Assert.Equal(GraphiQLAssets.Required.Count, files.Count);
        foreach (var file in files)
        {
            using var response = await gateway.Process.Client.GetAsync(file);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var expected = file.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript";
            Assert.Equal(expected, response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.True(response.Headers.CacheControl is { Public: true, MaxAge.TotalDays: >= 365 }, $"{file}: {response.Headers.CacheControl}");
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(GraphiQLAssets.Embedded.Find(file[(file.LastIndexOf('/') + 1)..])!.Content, body);

            using var again = new HttpRequestMessage(HttpMethod.Get, file);
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            using var notModified = await gateway.Process.Client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }
    }

    [Theory]
    [InlineData("/graphiql/0000000000000000/graphiql.min.js")]
    [InlineData("/graphiql/{fingerprint}/nothing.js")]
    [InlineData("/graphiql/{fingerprint}/README.md")]
    public async Task Unknown_files_are_404_problems(string path)
    {
        using var response = await gateway.Process.Client.GetAsync(path.Replace("{fingerprint}", GraphiQLAssets.Embedded.Fingerprint));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("NOT_FOUND", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Browser_runs_a_query_and_a_subscription_in_GraphiQL_loading_nothing_from_elsewhere()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is required: apt-get install -y chromium");
        await gateway.EnsureDocumentApprovalAsync();
        var output = await NodeScript.RunAsync("browser-query.mjs", new JsonObject
        {
            ["url"] = gateway.Url,
            ["query"] = """query WorkflowName { workflow(id: "document_approval_v1") { id name } }""",
            ["expect"] = "Document Approval",
            ["subscription"] = new JsonObject
            {
                ["query"] = """subscription Watch { workflowEvents(workflowId: "document_approval_v1") { kind tokenId } }""",
                ["trigger"] = """mutation { createToken(input: { workflowId: "document_approval_v1", data: { title: "T" } }) { id } }""",
            },
        }, TimeSpan.FromSeconds(90));

        Assert.Equal(200, output["status"]!.GetValue<int>());
        Assert.StartsWith("text/html", output["contentType"]!.GetValue<string>());
        Assert.Contains("document_approval_v1", output["defaultQuery"]!.GetValue<string>());
        var result = JsonNode.Parse(output["result"]!.GetValue<string>())!;
        Assert.Equal("Document Approval", result["data"]!["workflow"]!["name"]!.GetValue<string>());
        var evt = JsonNode.Parse(output["subscriptionResult"]!.GetValue<string>())!["data"]!["workflowEvents"]!;
        Assert.Equal("created", evt["kind"]!.GetValue<string>());
        Assert.Equal(output["triggeredId"]!.GetValue<string>(), evt["tokenId"]!.GetValue<string>());

        var origin = new Uri(gateway.Url).GetLeftPart(UriPartial.Authority);
        var requests = output["requests"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Contains(requests, r => r.EndsWith("/graphiql.min.js", StringComparison.Ordinal));
        Assert.All(requests, r => Assert.StartsWith(origin + "/", r));
        var socket = Assert.Single(output["websockets"]!.AsArray());
        Assert.Equal(origin.Replace("http://", "ws://") + "/graphql", socket!["url"]!.GetValue<string>());
        Assert.Empty(output["consoleErrors"]!.AsArray());
    }
}

/// <summary>GraphiQL on a gateway with API keys: the headers editor's key reaches HTTP requests and the WebSocket.</summary>
public sealed class GraphiQLCredentialsTests(TenantGateway gateway) : IClassFixture<TenantGateway>
{
    [Fact]
    public async Task Key_typed_into_the_headers_editor_authenticates_queries_and_subscriptions()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is required: apt-get install -y chromium");
        var workflow = "browser_" + Guid.NewGuid().ToString("N")[..8];
        var (status, created) = await gateway.PostAsync("key-a", $$"""
            mutation { createWorkflow(input: { id: "{{workflow}}", states: ["a", "b"], transitions: [{ id: "go", fromStates: ["a"], toState: "b" }], initialState: "a" }) { id } }
            """);
        Assert.True(status == HttpStatusCode.OK, created.ToString());
        var url = new Uri(gateway.Process.BaseAddress, "/graphql").ToString();

        var output = await NodeScript.RunAsync("browser-query.mjs", new JsonObject
        {
            ["url"] = url,
            ["headers"] = """{ "X-Api-Key": "key-a" }""",
            ["query"] = $$"""query Mine { workflow(id: "{{workflow}}") { id tenantId } }""",
            ["expect"] = "tenant-a",
            ["subscription"] = new JsonObject
            {
                ["query"] = $$"""subscription Watch { workflowEvents(workflowId: "{{workflow}}") { kind tokenId } }""",
                ["trigger"] = $$"""mutation { createToken(input: { workflowId: "{{workflow}}" }) { id } }""",
                ["triggerHeaders"] = new JsonObject { ["X-Api-Key"] = "key-a" },
            },
        }, TimeSpan.FromSeconds(90));

        var result = JsonNode.Parse(output["result"]!.GetValue<string>())!;
        Assert.Equal("tenant-a", result["data"]!["workflow"]!["tenantId"]!.GetValue<string>());
        var evt = JsonNode.Parse(output["subscriptionResult"]!.GetValue<string>())!["data"]!["workflowEvents"]!;
        Assert.Equal(output["triggeredId"]!.GetValue<string>(), evt["tokenId"]!.GetValue<string>());
        var socket = Assert.Single(output["websockets"]!.AsArray());
        Assert.Equal("key-a", socket!["init"]!["X-Api-Key"]!.GetValue<string>());
        var origin = gateway.Process.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.All(output["requests"]!.AsArray(), r => Assert.StartsWith(origin + "/", r!.GetValue<string>()));
        // The schema fetch before the key was typed gets 401s; nothing may be blocked by the page's policy.
        Assert.All(output["consoleErrors"]!.AsArray(), e => Assert.DoesNotContain("Content Security Policy", e!.GetValue<string>()));
    }
}
