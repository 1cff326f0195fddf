using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Resilience;

public sealed class ResilienceRestTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => fixture.Gateway.Client;

    [Fact]
    public async Task Breaker_round_trip_opens_refuses_and_obeys_admin_actions()
    {
        var configured = await Send(HttpMethod.Put, "/api/v1/breakers/llm:openai",
            """{"slidingWindowSize":2,"minimumNumberOfCalls":2,"failureRateThreshold":50,"waitDurationInOpenStateMs":60000}""");
        Assert.Equal(2, configured.GetProperty("config").GetProperty("slidingWindowSize").GetInt32());
        Assert.Equal("CLOSED", configured.GetProperty("state").GetString());

        var permit = await Send(HttpMethod.Post, "/api/v1/breakers/llm:openai/acquire");
        Assert.True(permit.GetProperty("permitted").GetBoolean());
        await Send(HttpMethod.Post, "/api/v1/breakers/llm:openai/record", """{"outcome":"failure","durationMs":12}""");
        var opened = await Send(HttpMethod.Post, "/api/v1/breakers/llm:openai/record", """{"outcome":"failure","durationMs":15}""");
        Assert.Equal("OPEN", opened.GetProperty("state").GetString());
        Assert.Equal(100f, opened.GetProperty("failureRate").GetSingle());

        var refused = await Send(HttpMethod.Post, "/api/v1/breakers/llm:openai/acquire");
        Assert.False(refused.GetProperty("permitted").GetBoolean());
        Assert.Equal("OPEN", refused.GetProperty("state").GetString());
        Assert.InRange(refused.GetProperty("retryAfterMs").GetInt64(), 1, 60000);

        var state = await Send(HttpMethod.Get, "/api/v1/breakers/llm:openai");
        Assert.Equal(1, state.GetProperty("numberOfNotPermittedCalls").GetInt64());
        Assert.Equal("FailureRateExceeded", state.GetProperty("lastTransitionReason").GetString());

        Assert.Equal("FORCED_OPEN", (await Send(HttpMethod.Post, "/api/v1/breakers/llm:openai/force-open")).GetProperty("state").GetString());
        Assert.Equal("CLOSED", (await Send(HttpMethod.Post, "/api/v1/breakers/llm:openai/reset")).GetProperty("state").GetString());
        Assert.Equal("DISABLED", (await Send(HttpMethod.Post, "/api/v1/breakers/llm:openai/disable")).GetProperty("state").GetString());
        Assert.Equal("CLOSED", (await Send(HttpMethod.Post, "/api/v1/breakers/llm:openai/close")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Budget_round_trip_reserves_commits_and_reports_status()
    {
        var set = await Send(HttpMethod.Put, "/api/v1/budgets/user:7", """{"limit":1.00,"period":"daily","warningThreshold":0.8}""");
        Assert.Equal(1.00m, set.GetProperty("budgetLimits").GetProperty("daily").GetDecimal());

        var hold = await Send(HttpMethod.Post, "/api/v1/budgets/user:7/reserve", """{"amount":0.60}""");
        Assert.True(hold.GetProperty("granted").GetBoolean());
        Assert.Equal(0.40m, hold.GetProperty("remaining").GetDecimal());
        var id = hold.GetProperty("reservationId").GetString()!;

        var refused = await Send(HttpMethod.Post, "/api/v1/budgets/user:7/reserve", """{"amount":0.50}""");
        Assert.False(refused.GetProperty("granted").GetBoolean());
        Assert.Equal("BUDGET_DAILY_LIMIT_EXCEEDED", refused.GetProperty("code").GetString());

        var commit = await Send(HttpMethod.Post, "/api/v1/budgets/user:7/commit",
            $$"""{"reservationId":"{{id}}","actual":0.85,"provider":"openai","model":"gpt-4o"}""");
        Assert.True(commit.GetProperty("recorded").GetBoolean());
        await Problem(HttpMethod.Post, "/api/v1/budgets/user:7/commit", $$"""{"reservationId":"{{id}}","actual":0.85}""",
            HttpStatusCode.NotFound, "BUDGET_RESERVATION_NOT_FOUND");

        var other = await Send(HttpMethod.Post, "/api/v1/budgets/user:7/reserve", """{"amount":0.10}""");
        var released = await Send(HttpMethod.Post, "/api/v1/budgets/user:7/release", $$"""{"reservationId":"{{other.GetProperty("reservationId").GetString()}}"}""");
        Assert.True(released.GetProperty("released").GetBoolean());
        await Problem(HttpMethod.Post, "/api/v1/budgets/user:7/release", """{"reservationId":"r404"}""", HttpStatusCode.NotFound, "BUDGET_RESERVATION_NOT_FOUND");

        var status = await Send(HttpMethod.Get, "/api/v1/budgets/user:7");
        Assert.Equal(0.85m, status.GetProperty("dailySpend").GetDecimal());
        Assert.Equal(0m, status.GetProperty("reserved").GetDecimal());
        Assert.True(status.GetProperty("isWarning").GetBoolean());
        Assert.Equal("gpt-4o", status.GetProperty("costBreakdown")[0].GetProperty("model").GetString());
    }

    [Theory]
    [InlineData("PUT", "/api/v1/breakers/b1", "{not json", 400, "INVALID_JSON")]
    [InlineData("PUT", "/api/v1/breakers/b1", """{"failureRateThreshold":0}""", 400, "BREAKER_FAILURE_RATE_THRESHOLD_OUT_OF_RANGE")]
    [InlineData("PUT", "/api/v1/breakers/b1", """{"slidingWindowType":"ROUND"}""", 400, "BREAKER_SLIDING_WINDOW_TYPE_UNKNOWN")]
    [InlineData("PUT", "/api/v1/breakers/b1", """{"waitDurationInOpenStateMs":-5}""", 400, "BREAKER_DURATION_OUT_OF_RANGE")]
    [InlineData("POST", "/api/v1/breakers/b1/record", """{"outcome":"maybe","durationMs":1}""", 400, "BREAKER_OUTCOME_UNKNOWN")]
    [InlineData("POST", "/api/v1/breakers/b1/record", """{"outcome":"success","durationMs":-1}""", 400, "BREAKER_DURATION_NEGATIVE")]
    [InlineData("POST", "/api/v1/breakers/b1/record", "", 400, "INVALID_BODY")]
    [InlineData("POST", "/api/v1/breakers/b1/explode", "", 404, "BREAKER_ACTION_UNKNOWN")]
    [InlineData("PUT", "/api/v1/budgets/org:1", """{"limit":1,"period":"daily"}""", 400, "BUDGET_SCOPE_INVALID")]
    [InlineData("PUT", "/api/v1/budgets/user:1", """{"limit":1,"period":"hourly"}""", 400, "BUDGET_PERIOD_UNKNOWN")]
    [InlineData("PUT", "/api/v1/budgets/user:1", """{"limit":"lots","period":"daily"}""", 400, "INVALID_JSON")]
    [InlineData("POST", "/api/v1/budgets/user:1/reserve", "{}", 400, "BUDGET_AMOUNT_REQUIRED")]
    [InlineData("POST", "/api/v1/budgets/user:1/reserve", """{"amount":-2}""", 400, null)]
    [InlineData("POST", "/api/v1/budgets/user:1/reserve", """{"amount":1,"ttlMs":0}""", 400, "BUDGET_TTL_OUT_OF_RANGE")]
    [InlineData("POST", "/api/v1/budgets/user:1/commit", """{"actual":1}""", 400, "BUDGET_RESERVATION_ID_REQUIRED")]
    [InlineData("POST", "/api/v1/budgets/user:1/release", "[]", 400, "INVALID_JSON")]
    public async Task Bad_input_is_a_problem_with_a_code(string method, string path, string body, int status, string? code)
    {
        var problem = await Problem(new HttpMethod(method), path, body, (HttpStatusCode)status, code);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.StartsWith(code is null ? "BUDGET_" : code, problem.GetProperty("code").GetString());
    }

    private async Task<JsonElement> Send(HttpMethod method, string path, string? body = null)
    {
        using var response = await Client.SendAsync(Request(method, path, body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> Problem(HttpMethod method, string path, string? body, HttpStatusCode status, string? code)
    {
        using var response = await Client.SendAsync(Request(method, path, body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(text).RootElement.Clone();
        if (code is not null) Assert.Equal(code, json.GetProperty("code").GetString());
        return json;
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? body) => new(method, path)
    {
        Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
    };
}
