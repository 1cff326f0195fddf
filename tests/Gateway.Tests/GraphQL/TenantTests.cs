using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.GraphQL;

/// <summary>A gateway with two tenants' API keys (its own process: credentials change the whole gateway).</summary>
public sealed class TenantGateway : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cb-graphql-tenants-" + Guid.NewGuid().ToString("N"));

    /// <summary>The JWT signing key the gateway trusts.</summary>
    public const string SigningKey = "graphql-test-signing-key-of-32-bytes-or-more";

    /// <summary>The running gateway.</summary>
    public GatewayProcess Process { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        Process = await GatewayProcess.StartAsync([
            "--Storage:DataDirectory", _dataDirectory,
            "--Gateway:ApiKeys:0:Key", "key-a", "--Gateway:ApiKeys:0:Tenant", "tenant-a",
            "--Gateway:ApiKeys:1:Key", "key-b", "--Gateway:ApiKeys:1:Tenant", "tenant-b",
            "--Gateway:Jwt:SigningKey", SigningKey, "--Gateway:Jwt:Issuer", "tests", "--Gateway:Jwt:Audience", "circuit-breaker",
        ]);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Process.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>POSTs a query with an API key (none when null); returns status and body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string? apiKey, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        using var response = await Process.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}

/// <summary>Tenants over GraphQL: API keys on HTTP and in graphql-ws connection_init; another tenant's things do not exist.</summary>
public sealed class TenantTests(TenantGateway gateway) : IClassFixture<TenantGateway>
{
    private const string Create = """mutation { createWorkflow(input: { name: "Mine", states: ["a", "b"], transitions: [{ id: "go", fromStates: ["a"], toState: "b" }], initialState: "a" }) { id tenantId } }""";

    [Fact]
    public async Task Another_tenants_workflow_and_tokens_are_invisible_and_unusable()
    {
        var (status, created) = await gateway.PostAsync("key-a", Create);
        Assert.Equal(HttpStatusCode.OK, status);
        var workflow = created.GetProperty("data").GetProperty("createWorkflow");
        Assert.Equal("tenant-a", workflow.GetProperty("tenantId").GetString());
        var id = workflow.GetProperty("id").GetString();

        var (_, seenByB) = await gateway.PostAsync("key-b", $$"""{ workflow(id: "{{id}}") { id } workflows { id } }""");
        Assert.Equal(JsonValueKind.Null, seenByB.GetProperty("data").GetProperty("workflow").ValueKind);
        Assert.DoesNotContain(seenByB.GetProperty("data").GetProperty("workflows").EnumerateArray(), w => w.GetProperty("id").GetString() == id);
        var (_, tokenByB) = await gateway.PostAsync("key-b", $$"""mutation { createToken(input: { workflowId: "{{id}}" }) { id } }""");
        Assert.Equal("WORKFLOW_NOT_FOUND", tokenByB.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());

        var (_, tokenByA) = await gateway.PostAsync("key-a", $$"""mutation { createToken(input: { workflowId: "{{id}}" }) { id } }""");
        var tokenId = tokenByA.GetProperty("data").GetProperty("createToken").GetProperty("id").GetString();
        var (_, fireByB) = await gateway.PostAsync("key-b", $$"""mutation { fireTransition(input: { tokenId: "{{tokenId}}", transitionId: "go" }) { id } }""");
        Assert.Equal("TOKEN_NOT_FOUND", fireByB.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        var (_, readByB) = await gateway.PostAsync("key-b", $$"""{ token(id: "{{tokenId}}") { id } }""");
        Assert.Equal(JsonValueKind.Null, readByB.GetProperty("data").GetProperty("token").ValueKind);
    }

    [Fact]
    public async Task Requests_without_a_key_get_401()
    {
        var (status, _) = await gateway.PostAsync(null, "{ workflows { id } }");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Graphql_ws_needs_the_key_in_connection_init_and_then_runs_as_that_tenant()
    {
        var url = new Uri(gateway.Process.BaseAddress, "/graphql").ToString().Replace("http://", "ws://");
        var refused = await NodeScript.RunAsync("ws-auth.mjs", new JsonObject { ["url"] = url, ["query"] = "{ workflows { id } }" }, TimeSpan.FromSeconds(60));
        Assert.Equal("4403", refused["error"]?.GetValue<string>());

        var (_, created) = await gateway.PostAsync("key-b", Create);
        var id = created.GetProperty("data").GetProperty("createWorkflow").GetProperty("id").GetString();
        var accepted = await NodeScript.RunAsync("ws-auth.mjs", new JsonObject
        {
            ["url"] = url,
            ["query"] = $$"""{ workflow(id: "{{id}}") { tenantId } }""",
            ["payload"] = new JsonObject { ["apiKey"] = "key-b" },
        }, TimeSpan.FromSeconds(60));
        Assert.Equal("tenant-b", accepted["result"]!["data"]!["workflow"]!["tenantId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Graphql_ws_accepts_a_jwt_in_connection_init_and_refuses_a_forged_one()
    {
        var url = new Uri(gateway.Process.BaseAddress, "/graphql").ToString().Replace("http://", "ws://");
        var (_, created) = await gateway.PostAsync("key-a", Create);
        var id = created.GetProperty("data").GetProperty("createWorkflow").GetProperty("id").GetString();
        Dictionary<string, object> claims = new()
        {
            ["sub"] = "user-1",
            ["tenant"] = "tenant-a",
            ["iss"] = "tests",
            ["aud"] = "circuit-breaker",
            ["exp"] = TestJwt.EpochSeconds(TimeSpan.FromMinutes(5)),
            ["nbf"] = TestJwt.EpochSeconds(TimeSpan.FromMinutes(-1)),
        };
        string Query() => $$"""{ workflow(id: "{{id}}") { tenantId } }""";

        var accepted = await NodeScript.RunAsync("ws-auth.mjs", new JsonObject
        {
            ["url"] = url,
            ["query"] = Query(),
            ["payload"] = new JsonObject { ["Authorization"] = "Bearer " + TestJwt.Create(TenantGateway.SigningKey, claims) },
        }, TimeSpan.FromSeconds(60));
        Assert.True(accepted["result"] is not null, $"{accepted.ToJsonString()}\n{gateway.Process.Output}");
        Assert.Equal("tenant-a", accepted["result"]!["data"]!["workflow"]!["tenantId"]!.GetValue<string>());

        var forged = await NodeScript.RunAsync("ws-auth.mjs", new JsonObject
        {
            ["url"] = url,
            ["query"] = Query(),
            ["payload"] = new JsonObject { ["Authorization"] = "Bearer " + TestJwt.Create("another-signing-key-of-32-bytes-or-more", claims) },
        }, TimeSpan.FromSeconds(60));
        Assert.Equal("4403", forged["error"]?.GetValue<string>());
    }
}
