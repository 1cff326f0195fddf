using System.Net;
using System.Net.Http.Headers;
using CircuitBreaker.TestSupport;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Api;

/// <summary>A gateway with two tenants' API keys, JWTs and a small body limit.</summary>
public sealed class SecuredGateway : IAsyncLifetime
{
    /// <summary>Tenant A's key.</summary>
    public const string KeyA = "key-for-tenant-a-0123456789";
    /// <summary>Tenant B's key.</summary>
    public const string KeyB = "key-for-tenant-b-0123456789";
    /// <summary>The JWT signing key.</summary>
    public const string SigningKey = "test-signing-key-of-at-least-32-bytes!!";

    private readonly string _directory = TempDirectory.Create("cb-gateway-secured");

    /// <summary>The running gateway.</summary>
    public GatewayProcess Gateway { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Gateway = await GatewayProcess.StartAsync([
        "--Storage:DataDirectory", _directory,
        "--Gateway:ApiKeys:0:Key", KeyA, "--Gateway:ApiKeys:0:Tenant", "tenant-a",
        "--Gateway:ApiKeys:1:Key", KeyB, "--Gateway:ApiKeys:1:Tenant", "tenant-b",
        "--Gateway:Jwt:SigningKey", SigningKey, "--Gateway:Jwt:Issuer", "tests", "--Gateway:Jwt:Audience", "circuit-breaker",
        "--Gateway:MaxRequestBodyBytes", "4096",
    ]);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        TempDirectory.TryDelete(_directory);
    }
}

/// <summary>Credentials, tenant isolation and the body limit against the real gateway.</summary>
public sealed class SecurityTests(SecuredGateway fixture) : IClassFixture<SecuredGateway>
{
    private readonly HttpClient _client = fixture.Gateway.Client;

    [Fact]
    public async Task Without_valid_credentials_the_api_answers_401_but_health_and_pages_stay_open()
    {
        using var none = await _client.GetAsync("/api/v1/workflows");
        await none.ExpectProblem(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Contains("Bearer", none.Headers.WwwAuthenticate.ToString());
        await (await _client.Get("/api/v1/workflows", "wrong-key")).ExpectProblem(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await (await _client.PostJson("/api/v1/tokens", "{}", "wrong-key")).ExpectProblem(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/")).StatusCode);
        // Both header forms of a key work.
        await (await _client.Get("/api/v1/workflows", SecuredGateway.KeyA)).Expect(HttpStatusCode.OK);
        var viaHeader = new HttpRequestMessage(HttpMethod.Get, "/api/v1/workflows");
        viaHeader.Headers.Add("X-Api-Key", SecuredGateway.KeyA);
        await (await _client.SendAsync(viaHeader)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_tenant_cannot_see_or_fire_another_tenants_workflows_tokens_and_rules()
    {
        var wf = ApiCalls.NewId("wf");
        await (await _client.PostJson("/api/v1/workflows", ApiCalls.LinearWorkflow(wf), SecuredGateway.KeyA)).Expect(HttpStatusCode.Created);
        var token = await _client.CreateToken(wf, apiKey: SecuredGateway.KeyA);
        var rule = ApiCalls.NewId("rule");
        await (await _client.PostJson("/api/v1/rules", $$"""{"id":"{{rule}}","conditions":[{"field":"x","operator":"exists"}]}""", SecuredGateway.KeyA))
            .Expect(HttpStatusCode.Created);

        var b = SecuredGateway.KeyB;
        await (await _client.Get($"/api/v1/tokens/{token}", b)).ExpectProblem(HttpStatusCode.NotFound, "TOKEN_NOT_FOUND");
        await (await _client.Fire(token, "ab", apiKey: b)).ExpectProblem(HttpStatusCode.NotFound, "TOKEN_NOT_FOUND");
        await (await _client.Get($"/api/v1/tokens/{token}/history", b)).ExpectProblem(HttpStatusCode.NotFound, "TOKEN_NOT_FOUND");
        await (await _client.PostJson($"/api/v1/tokens/{token}/cancel", "{}", b)).ExpectProblem(HttpStatusCode.NotFound, "TOKEN_NOT_FOUND");
        await (await _client.Get($"/api/v1/events?tokenId={token}", b)).ExpectProblem(HttpStatusCode.NotFound, "TOKEN_NOT_FOUND");
        await (await _client.Get($"/api/v1/workflows/{wf}", b)).ExpectProblem(HttpStatusCode.NotFound, "WORKFLOW_NOT_FOUND");
        await (await _client.PostJson("/api/v1/tokens", $$"""{"workflowId":"{{wf}}"}""", b)).ExpectProblem(HttpStatusCode.NotFound, "WORKFLOW_NOT_FOUND");
        await (await _client.Get($"/api/v1/rules/{rule}", b)).ExpectProblem(HttpStatusCode.NotFound, "RULE_NOT_FOUND");
        var listed = await (await _client.Get($"/api/v1/tokens?workflowId={wf}", b)).Expect(HttpStatusCode.OK);
        Assert.Empty(listed["items"]!.AsArray());
        var workflows = await (await _client.Get("/api/v1/workflows?first=1000", b)).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(workflows["items"]!.AsArray(), w => (string?)w!["id"] == wf);

        // The owner still can, and B's attempts changed nothing.
        var mine = await (await _client.Get($"/api/v1/tokens/{token}", SecuredGateway.KeyA)).Expect(HttpStatusCode.OK);
        Assert.Equal("a", (string?)mine["state"]);
        Assert.Equal("tenant-a", (string?)mine["tenantId"]);
        await (await _client.Fire(token, "ab", apiKey: SecuredGateway.KeyA)).Expect(HttpStatusCode.OK);
        var aList = await (await _client.Get($"/api/v1/tokens?workflowId={wf}", SecuredGateway.KeyA)).Expect(HttpStatusCode.OK);
        Assert.Equal([token], aList["items"]!.AsArray().Select(t => (string)t!["id"]!));
    }

    [Fact]
    public async Task A_jwt_carries_the_tenant_and_bad_jwts_are_refused()
    {
        var wf = ApiCalls.NewId("wf");
        await (await _client.PostJson("/api/v1/workflows", ApiCalls.LinearWorkflow(wf), SecuredGateway.KeyA)).Expect(HttpStatusCode.Created);
        var token = await _client.CreateToken(wf, apiKey: SecuredGateway.KeyA);

        Dictionary<string, object> Claims(string tenant, TimeSpan expiresIn, string issuer = "tests") => new()
        {
            ["sub"] = "user-1", ["tenant"] = tenant, ["iss"] = issuer, ["aud"] = "circuit-breaker",
            ["exp"] = TestJwt.EpochSeconds(expiresIn), ["nbf"] = TestJwt.EpochSeconds(TimeSpan.FromMinutes(-1)),
        };
        await (await _client.Get($"/api/v1/tokens/{token}", TestJwt.Create(SecuredGateway.SigningKey, Claims("tenant-a", TimeSpan.FromMinutes(5)))))
            .Expect(HttpStatusCode.OK);
        await (await _client.Get($"/api/v1/tokens/{token}", TestJwt.Create(SecuredGateway.SigningKey, Claims("tenant-b", TimeSpan.FromMinutes(5)))))
            .ExpectProblem(HttpStatusCode.NotFound, "TOKEN_NOT_FOUND");
        await (await _client.Get($"/api/v1/tokens/{token}", TestJwt.Create("another-signing-key-of-32-bytes-or-more", Claims("tenant-a", TimeSpan.FromMinutes(5)))))
            .ExpectProblem(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await (await _client.Get($"/api/v1/tokens/{token}", TestJwt.Create(SecuredGateway.SigningKey, Claims("tenant-a", TimeSpan.FromMinutes(-5)))))
            .ExpectProblem(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await (await _client.Get($"/api/v1/tokens/{token}", TestJwt.Create(SecuredGateway.SigningKey, Claims("tenant-a", TimeSpan.FromMinutes(5), "elsewhere"))))
            .ExpectProblem(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await (await _client.Get($"/api/v1/tokens/{token}", "not.a.jwt")).ExpectProblem(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        var big = "{\"workflowId\":\"x\",\"data\":{\"blob\":\"" + new string('x', 20_000) + "\"}}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tokens") { Content = ApiCalls.Json(big) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecuredGateway.KeyA);
        await (await _client.SendAsync(request)).ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        // The gateway keeps serving.
        await (await _client.Get("/api/v1/workflows", SecuredGateway.KeyA)).Expect(HttpStatusCode.OK);
    }
}
