using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Llm;

/// <summary>Budgets held by the budget grain under many concurrent routed calls.</summary>
public sealed class LlmBudgetConcurrencyTests(LlmGatewayFixture fixture) : IClassFixture<LlmGatewayFixture>
{
    private HttpClient Client => fixture.Gateway.Client;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Two_hundred_concurrent_requests_never_overspend_the_budget_grain()
    {
        // A call costs 11 * 0.001 + 7 * 0.002 = 0.025 and reserves more (prompt estimate + 50 max tokens), so 0.5 admits at most 20.
        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsync("/api/v1/budgets/project:hot", Json("""{"limit":0.5,"period":"daily"}"""))).StatusCode);
        var before = fixture.Providers["p1"].Calls;
        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var body = $$"""{"model":"p1/m-p1","messages":[{"role":"user","content":"Say hello"}],"max_tokens":50,"stream":{{(i % 2 == 0 ? "true" : "false")}}}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(body) };
            request.Headers.Add("X-Project-Id", "hot");
            using var response = await Client.SendAsync(request);
            await response.Content.ReadAsStringAsync();
            return response.StatusCode;
        }));
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.PaymentRequired }));
        var ok = statuses.Count(s => s == HttpStatusCode.OK);
        Assert.InRange(ok, 1, 20);
        Assert.Equal(before + ok, fixture.Providers["p1"].Calls);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonNode status;
        do status = JsonNode.Parse(await Client.GetStringAsync("/api/v1/budgets/project:hot"))!;
        while ((status["dailySpend"]!.GetValue<decimal>() < ok * 0.025m || status["reserved"]!.GetValue<decimal>() > 0) && DateTime.UtcNow < deadline);
        Assert.Equal(ok * 0.025m, status["dailySpend"]!.GetValue<decimal>());
        Assert.True(status["dailySpend"]!.GetValue<decimal>() <= 0.5m);
        Assert.Equal(0m, status["reserved"]!.GetValue<decimal>());
    }
}
