using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Security.Tests;

/// <summary>Issue 13 item 6 on the shared gateway: GraphQL limits cover introspection and page sizes; /v1 needs credentials and accepts JWTs.</summary>
[Collection(SecuredCollection.Name)]
public sealed class LimitCoverageTests(SecuredGateway fixture)
{
    private readonly HttpClient _client = fixture.Gateway.Client;

    private async Task<JsonNode> GraphQL(string query)
    {
        using var response = await _client.PostJson("/graphql", new JsonObject { ["query"] = query }.ToJsonString(), SecuredGateway.AdminKey);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static void AssertLimit(JsonNode answer, string word)
    {
        Assert.True(answer["errors"] is JsonArray errors && errors.Any(e => (string?)e!["extensions"]?["code"] == "GRAPHQL_LIMIT_EXCEEDED"
            && ((string)e["message"]!).Contains(word, StringComparison.Ordinal)), answer.ToJsonString());
        Assert.Null(answer["data"]);
    }

    [Fact]
    public async Task Introspection_obeys_the_depth_limit()
    {
        var nested = "name";
        for (var i = 0; i < 20; i++) nested = $"ofType {{ {nested} }}";
        AssertLimit(await GraphQL($"{{ __schema {{ types {{ fields {{ type {{ {nested} }} }} }} }} }}"), "depth");
        // The usual introspection GraphiQL sends stays inside the limits.
        var shallow = await GraphQL("{ __schema { types { name fields { name type { name kind ofType { name kind ofType { name } } } } } } }");
        Assert.NotNull(shallow["data"]?["__schema"]);
    }

    [Fact]
    public async Task List_page_sizes_count_toward_query_complexity()
    {
        var aliases = string.Join(" ", Enumerable.Range(0, 99).Select(i => $"a{i}: tokens(first: 1000) {{ id }}"));
        AssertLimit(await GraphQL($"{{ {aliases} }}"), "complexity");
        Assert.NotNull((await GraphQL("{ tokens(first: 100) { id status } }"))["data"]);
    }

    [Fact]
    public async Task Models_requires_a_key_when_keys_are_configured()
    {
        using var anonymous = await _client.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var withKey = await _client.Get("/v1/models", SecuredGateway.KeyA);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
    }

    [Fact]
    public async Task The_openai_routes_accept_the_same_jwts_as_the_rest_of_the_api()
    {
        var jwt = TestJwt.Create(SecuredGateway.SigningKey, new Dictionary<string, object>
        {
            ["sub"] = "jwt-user",
            ["tenant"] = "tenant-a",
            ["exp"] = TestJwt.EpochSeconds(TimeSpan.FromMinutes(5)),
        });
        using var api = await _client.Get("/api/v1/workflows", jwt);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        using var models = await _client.Get("/v1/models", jwt);
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        using var chat = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"down/m1","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        chat.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        using var answer = await _client.SendAsync(chat);
        // The provider is down: anything but 401 shows the JWT was accepted.
        Assert.NotEqual(HttpStatusCode.Unauthorized, answer.StatusCode);
    }
}

/// <summary>Issue 13 item 6: the per-caller rate limit covers the OpenAI-compatible routes.</summary>
public sealed class LlmRateLimitTests(RateLimitedGateway fixture) : IClassFixture<RateLimitedGateway>
{
    [Fact]
    public async Task Rapid_llm_calls_over_the_rate_limit_get_429()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await fixture.Gateway.Client.Send(HttpMethod.Post, "/v1/chat/completions",
                """{"model":"nothing/none","messages":[{"role":"user","content":"hi"}]}""", RateLimitedGateway.Key);
            statuses.Add(response.StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        for (var i = 0; i < 30; i++)
        {
            using var response = await fixture.Gateway.Client.Get("/v1/models", RateLimitedGateway.Key);
            statuses.Add(response.StatusCode);
        }
        Assert.True(statuses.Skip(30).Count(s => s == HttpStatusCode.TooManyRequests) > 0, string.Join(",", statuses));
    }
}

/// <summary>Issue 13 item 6: failed authentication is throttled per client address.</summary>
public sealed class FailedAuthenticationTests(AuthThrottledGateway fixture) : IClassFixture<AuthThrottledGateway>
{
    [Fact]
    public async Task Repeated_wrong_keys_from_one_address_are_throttled()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 60; i++)
        {
            using var response = await fixture.Gateway.Client.Get("/api/v1/workflows", $"wrong-key-{i}");
            statuses.Add(response.StatusCode);
        }
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(50, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        // While throttled, even a right key from that address waits (a guess that happened to be right must not be told apart).
        using var right = await fixture.Gateway.Client.Get("/api/v1/workflows", AuthThrottledGateway.Key);
        await right.ExpectProblem(HttpStatusCode.TooManyRequests, "AUTHENTICATION_THROTTLED");
        Assert.NotNull(right.Headers.RetryAfter);
        // The LLM routes count failures too.
        using var llm = await fixture.Gateway.Client.Get("/v1/models", "wrong-again");
        Assert.Equal(HttpStatusCode.TooManyRequests, llm.StatusCode);
    }
}
