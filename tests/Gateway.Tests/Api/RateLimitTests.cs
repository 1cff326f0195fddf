using System.Net;
using CircuitBreaker.TestSupport;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Api;

/// <summary>Per-key rate limiting against a gateway configured for 1 request per second (burst 2).</summary>
public sealed class RateLimitTests
{
    [Theory]
    [InlineData("rest")]
    [InlineData("graphql")]
    public async Task Exceeding_the_rate_answers_429_with_retry_after_per_key(string api)
    {
        var directory = TempDirectory.Create("cb-gateway-ratelimit");
        try
        {
            await using var gateway = await GatewayProcess.StartAsync([
                "--Storage:DataDirectory", directory, "--Gateway:LoadExamples", "false",
                "--Gateway:ApiKeys:0:Key", "busy-key", "--Gateway:ApiKeys:0:Tenant", "t1",
                "--Gateway:ApiKeys:1:Key", "quiet-key", "--Gateway:ApiKeys:1:Tenant", "t2",
                "--Gateway:RateLimit:PermitsPerSecond", "1", "--Gateway:RateLimit:Burst", "2",
            ]);
            // The same limiter guards REST and GraphQL over HTTP.
            Task<HttpResponseMessage> Call(string key) => api == "rest"
                ? gateway.Client.Get("/api/v1/workflows", key)
                : gateway.Client.PostJson("/graphql", """{"query":"{ workflows { id } }"}""", key);
            var responses = new List<HttpResponseMessage>();
            for (var i = 0; i < 5; i++) responses.Add(await Call("busy-key"));
            var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.NotEmpty(limited);
            Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) <= 3);
            var retryAfter = limited[0].Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 1, 5);
            await limited[0].ExpectProblem(HttpStatusCode.TooManyRequests, "RATE_LIMITED");

            // Another key has its own budget.
            Assert.Equal(HttpStatusCode.OK, (await Call("quiet-key")).StatusCode);
            // Health is never limited.
            for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/health")).StatusCode);
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }
}
