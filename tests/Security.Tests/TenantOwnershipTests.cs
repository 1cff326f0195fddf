using System.Net;
using System.Text.Json.Nodes;
using CircuitBreaker.Llm.Tests.StandIns;

namespace CircuitBreaker.Security.Tests;

/// <summary>A gateway with two tenants, an administrator and one working (stand-in) LLM provider.</summary>
public sealed class TenantGateway : IAsyncLifetime
{
    /// <summary>Tenant A's key.</summary>
    public const string KeyA = "own-key-tenant-a-0123456789";
    /// <summary>Tenant B's key.</summary>
    public const string KeyB = "own-key-tenant-b-0123456789";
    /// <summary>The administrator's key (no tenant).</summary>
    public const string AdminKey = "own-key-admin-0123456789";

    private readonly string _directory = TempDirectory.Create("cb-tenants");

    /// <summary>The OpenAI-speaking provider.</summary>
    public StandInProvider Provider { get; private set; } = null!;

    /// <summary>An OpenAI-speaking provider that answers every call with a 500.</summary>
    public StandInProvider Flaky { get; private set; } = null!;

    /// <summary>The running gateway.</summary>
    public GatewayProcess Gateway { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Provider = await StandInProvider.StartAsync();
        Provider.ExpectedKey = "sk-standin";
        Flaky = await StandInProvider.StartAsync();
        Flaky.Default = new Behavior { Status = 500, ErrorMessage = "flaky is down" };
        Gateway = await GatewayProcess.StartAsync([
            "--Storage:DataDirectory", _directory,
            "--Gateway:ApiKeys:0:Key", KeyA, "--Gateway:ApiKeys:0:Tenant", "tenant-a",
            "--Gateway:ApiKeys:1:Key", KeyB, "--Gateway:ApiKeys:1:Tenant", "tenant-b",
            "--Gateway:ApiKeys:2:Key", AdminKey,
            "--Llm:Keys:standin", "sk-standin",
            "--Llm:Providers:standin:Adapter", "openai", "--Llm:Providers:standin:BaseUrl", Provider.BaseUrl + "/v1",
            "--Llm:Providers:standin:ApiKeyId", "standin", "--Llm:Providers:standin:Auth", "bearer", "--Llm:Providers:standin:TimeoutMs", "15000",
            "--Llm:Models:0:Provider", "standin", "--Llm:Models:0:Model", "m1", "--Llm:Models:0:InputPerMTok", "1000", "--Llm:Models:0:OutputPerMTok", "2000",
            "--Llm:Models:0:Capabilities:0", "chat",
            "--Llm:Providers:flaky:Adapter", "openai", "--Llm:Providers:flaky:BaseUrl", Flaky.BaseUrl + "/v1",
            "--Llm:Providers:flaky:ApiKeyId", "standin", "--Llm:Providers:flaky:Auth", "bearer",
            "--Llm:Models:1:Provider", "flaky", "--Llm:Models:1:Model", "f1", "--Llm:Models:1:InputPerMTok", "1", "--Llm:Models:1:OutputPerMTok", "1",
            "--Llm:Models:1:Capabilities:0", "chat",
            "--Llm:Models:2:Provider", "flaky", "--Llm:Models:2:Model", "f2", "--Llm:Models:2:InputPerMTok", "1", "--Llm:Models:2:OutputPerMTok", "1",
            "--Llm:Models:2:Capabilities:0", "chat",
            "--Llm:BreakerScope", "model",
        ]);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Provider.DisposeAsync();
        await Flaky.DisposeAsync();
        TempDirectory.TryDelete(_directory);
    }
}

/// <summary>Issue 13 item 2: breakers, budgets and cost belong to a tenant; shared breakers are changed by administrators only.</summary>
public sealed class TenantOwnershipTests(TenantGateway fixture) : IClassFixture<TenantGateway>
{
    private readonly HttpClient _client = fixture.Gateway.Client;

    [Fact]
    public async Task A_shared_provider_breaker_is_readable_by_tenants_and_changed_by_administrators_only()
    {
        foreach (var action in new[] { "force-open", "close", "reset", "disable" })
            await (await _client.PostJson($"/api/v1/breakers/llm:standin/{action}", "{}", TenantGateway.KeyB)).ExpectProblem(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await _client.Send(HttpMethod.Put, "/api/v1/breakers/llm:standin", """{"failureRateThreshold":1}""", TenantGateway.KeyB))
            .ExpectProblem(HttpStatusCode.Forbidden, "FORBIDDEN");
        var graphql = await Graphql("""mutation { forceOpenCircuitBreaker(id: "llm:standin") { state } }""", TenantGateway.KeyB);
        Assert.Equal("FORBIDDEN", (string?)graphql["errors"]![0]!["extensions"]!["code"]);

        Assert.Equal("FORCED_OPEN", (string?)(await (await _client.PostJson("/api/v1/breakers/llm:standin/force-open", "{}", TenantGateway.AdminKey)).Expect(HttpStatusCode.OK))["state"]);
        try
        {
            var seen = await (await _client.Send(HttpMethod.Get, "/api/v1/breakers/llm:standin", null, TenantGateway.KeyA)).Expect(HttpStatusCode.OK);
            Assert.Equal("FORCED_OPEN", (string?)seen["state"]);
            Assert.Equal("llm:standin", (string?)seen["id"]);
        }
        finally
        {
            await (await _client.PostJson("/api/v1/breakers/llm:standin/reset", "{}", TenantGateway.AdminKey)).Expect(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Two_tenants_breakers_of_one_name_are_two_breakers()
    {
        var opened = await (await _client.PostJson("/api/v1/breakers/orders-api/force-open", "{}", TenantGateway.KeyA)).Expect(HttpStatusCode.OK);
        Assert.Equal("orders-api", (string?)opened["id"]);
        var other = await (await _client.Send(HttpMethod.Get, "/api/v1/breakers/orders-api", null, TenantGateway.KeyB)).Expect(HttpStatusCode.OK);
        Assert.Equal("CLOSED", (string?)other["state"]);
        Assert.Equal("orders-api", (string?)other["id"]);
        var listed = await Graphql("{ circuitBreakers { id state } }", TenantGateway.KeyB);
        Assert.DoesNotContain(listed["data"]!["circuitBreakers"]!.AsArray(), b => (string?)b!["state"] == "FORCED_OPEN" && ((string?)b["id"])!.Contains("orders-api", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tenant_cannot_see_lower_or_spend_another_tenants_budget()
    {
        await (await _client.Send(HttpMethod.Put, "/api/v1/budgets/user:alice", """{"limit":10,"period":"daily"}""", TenantGateway.KeyA)).Expect(HttpStatusCode.OK);
        await (await _client.Send(HttpMethod.Put, "/api/v1/budgets/user:alice", """{"limit":0.0001,"period":"daily"}""", TenantGateway.KeyB)).Expect(HttpStatusCode.OK);

        var mine = await (await _client.Send(HttpMethod.Get, "/api/v1/budgets/user:alice", null, TenantGateway.KeyA)).Expect(HttpStatusCode.OK);
        Assert.Equal(10m, (decimal?)mine["limit"]);
        Assert.Equal("user:alice", (string?)mine["budgetId"]);

        // B's reservation meets B's own tiny limit; A's reservation is granted with an id nobody can guess.
        var refused = await (await _client.PostJson("/api/v1/budgets/user:alice/reserve", """{"amount":5}""", TenantGateway.KeyB)).Expect(HttpStatusCode.OK);
        Assert.False((bool)refused["granted"]!);
        var granted = await (await _client.PostJson("/api/v1/budgets/user:alice/reserve", """{"amount":5}""", TenantGateway.KeyA)).Expect(HttpStatusCode.OK);
        Assert.True((bool)granted["granted"]!);
        var reservation = (string)granted["reservationId"]!;
        Assert.Matches("^r[0-9]+_[0-9a-f]{32}$", reservation);

        await (await _client.PostJson("/api/v1/budgets/user:alice/commit", $$"""{"reservationId":"{{reservation}}","actual":1}""", TenantGateway.KeyB))
            .ExpectProblem(HttpStatusCode.NotFound, "BUDGET_RESERVATION_NOT_FOUND");
        var committed = await (await _client.PostJson("/api/v1/budgets/user:alice/commit", $$"""{"reservationId":"{{reservation}}","actual":1}""", TenantGateway.KeyA)).Expect(HttpStatusCode.OK);
        Assert.True((bool)committed["recorded"]!);
        Assert.Equal(10m, (decimal?)(await (await _client.Send(HttpMethod.Get, "/api/v1/budgets/user:alice", null, TenantGateway.KeyA)).Expect(HttpStatusCode.OK))["limit"]);
    }

    [Fact]
    public async Task Cost_analytics_show_a_tenant_only_its_own_calls()
    {
        var user = ApiCalls.NewId("carol");
        var chat = await _client.PostJson("/v1/chat/completions",
            $$"""{"model":"standin/m1","user":"{{user}}","messages":[{"role":"user","content":"hi"}]}""", TenantGateway.KeyA);
        await chat.Expect(HttpStatusCode.OK);

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var query = $$"""{ costAnalytics(input: {userId: "{{user}}", startDate: "{{today}}", endDate: "{{today}}"}) { requestCount userId } }""";
        // The router records cost after answering; wait (bounded) until tenant A sees its call.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonNode own;
        do own = (await Graphql(query, TenantGateway.KeyA))["data"]!["costAnalytics"]!;
        while ((int)own["requestCount"]! == 0 && DateTime.UtcNow < deadline && await Task.Delay(50).ContinueWith(_ => true));
        Assert.Equal(1, (int)own["requestCount"]!);
        Assert.Equal(user, (string?)own["userId"]);

        var others = (await Graphql(query, TenantGateway.KeyB))["data"]!["costAnalytics"]!;
        Assert.Equal(0, (int)others["requestCount"]!);
    }

    private async Task<JsonNode> Graphql(string query, string key)
    {
        var response = await _client.PostJson("/graphql", new JsonObject { ["query"] = query }.ToJsonString(), key);
        return await response.Expect(HttpStatusCode.OK);
    }
}

/// <summary>Issue 13 item 7: provider health counts failures before the breaker's minimum calls, and breakers may be per model.</summary>
public sealed class ProviderHealthTests(TenantGateway fixture) : IClassFixture<TenantGateway>
{
    private readonly HttpClient _client = fixture.Gateway.Client;

    [Fact]
    public async Task Provider_health_reports_the_error_rate_and_breakers_can_be_per_model()
    {
        for (var i = 0; i < 3; i++)
        {
            using var failed = await _client.PostJson("/v1/chat/completions", """{"model":"flaky/f1","messages":[{"role":"user","content":"hi"}]}""", TenantGateway.AdminKey);
            Assert.False(failed.IsSuccessStatusCode);
        }
        var answer = await Graphql("""{ llmProvider(id: "flaky") { healthStatus { errorRate isHealthy } } }""");
        var health = answer["data"]?["llmProvider"]?["healthStatus"];
        Assert.True(health is not null, answer.ToJsonString());
        Assert.Equal(1.0, (double)health!["errorRate"]!);
        // Llm:BreakerScope=model: the failures count against flaky:f1 breaker, not against every model of the provider.
        var f1 = (await Graphql("""{ circuitBreaker(id: "llm:flaky:f1") { numberOfFailedCalls } }"""))["data"]!["circuitBreaker"]!;
        Assert.True((int)f1["numberOfFailedCalls"]! >= 3, f1.ToJsonString());
        var f2 = (await Graphql("""{ circuitBreaker(id: "llm:flaky:f2") { numberOfFailedCalls } }"""))["data"]!["circuitBreaker"]!;
        Assert.Equal(0, (int)f2["numberOfFailedCalls"]!);
    }

    private async Task<JsonNode> Graphql(string query) =>
        await (await _client.PostJson("/graphql", new JsonObject { ["query"] = query }.ToJsonString(), TenantGateway.AdminKey)).Expect(HttpStatusCode.OK);
}
