using System.Net;

namespace CircuitBreaker.Security.Tests;

/// <summary>Issue 13 item 1: shared LLM configuration is admin-only, base URLs are checked, errors do not leak addresses.</summary>
[Collection(SecuredCollection.Name)]
public sealed class SharedLlmConfigurationTests(SecuredGateway fixture)
{
    private readonly HttpClient _client = fixture.Gateway.Client;

    [Fact]
    public async Task A_tenant_key_cannot_change_providers_virtual_models_or_reload_the_catalog()
    {
        var a = SecuredGateway.KeyA;
        await (await _client.Send(HttpMethod.Put, "/api/v1/llm/providers/down",
                """{"baseUrl":"https://attacker.example.com/v1","apiKeyId":"operator"}""", a))
            .ExpectProblem(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await _client.Send(HttpMethod.Put, "/api/v1/llm/virtual-models/mine", """{"strategy":"failover","models":["down/m1"]}""", a))
            .ExpectProblem(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await _client.Send(HttpMethod.Post, "/api/v1/llm/catalog/reload", null, a)).ExpectProblem(HttpStatusCode.Forbidden, "FORBIDDEN");

        // The provider was not changed, and the administrator still can change it.
        var provider = await (await _client.Send(HttpMethod.Get, "/api/v1/llm/providers/down", null, a)).Expect(HttpStatusCode.OK);
        Assert.Equal($"http://127.0.0.1:{fixture.DownPort}/v1", (string?)provider["baseUrl"]);
        await (await _client.Send(HttpMethod.Put, "/api/v1/llm/virtual-models/admins", """{"strategy":"failover","models":["down/m1"]}""",
            SecuredGateway.AdminKey)).Expect(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("ftp://files.example.com/v1")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://169.254.169.254/latest")]
    [InlineData("http://[fd00:ec2::254]/latest")]
    [InlineData("http://127.0.0.1:8080/v1")]
    [InlineData("http://localhost:11434/v1")]
    [InlineData("http://10.1.2.3/v1")]
    [InlineData("http://192.168.0.10/v1")]
    public async Task Provider_base_urls_must_be_public_http_addresses_even_for_administrators(string baseUrl)
    {
        var detail = await (await _client.Send(HttpMethod.Put, "/api/v1/llm/providers/probe", $$"""{"adapter":"openai","baseUrl":"{{baseUrl}}"}""",
            SecuredGateway.AdminKey)).ExpectProblem(HttpStatusCode.BadRequest, "PROVIDER_BASE_URL_REFUSED");
        Assert.Contains("baseUrl", detail);
        await (await _client.Send(HttpMethod.Get, "/api/v1/llm/providers/probe", null, SecuredGateway.AdminKey))
            .ExpectProblem(HttpStatusCode.NotFound, "PROVIDER_NOT_FOUND");
    }

    [Fact]
    public async Task A_failed_provider_connection_does_not_tell_tenants_the_internal_address()
    {
        using var response = await _client.Send(HttpMethod.Post, "/v1/chat/completions",
            """{"model":"down/m1","messages":[{"role":"user","content":"hi"}]}""", SecuredGateway.KeyA);
        var body = await response.Content.ReadAsStringAsync();
        Assert.False(response.IsSuccessStatusCode, body);
        Assert.DoesNotContain(fixture.DownPort.ToString(System.Globalization.CultureInfo.InvariantCulture), body);
        Assert.DoesNotContain("127.0.0.1", body);
        Assert.DoesNotContain(SecuredGateway.OperatorSecret, body);
    }
}
