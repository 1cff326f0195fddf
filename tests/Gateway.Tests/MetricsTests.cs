using System.Diagnostics;
using System.Net;
using CircuitBreaker.TestSupport;
using Xunit;

namespace CircuitBreaker.Gateway.Tests;

/// <summary><c>/metrics</c> of the real gateway process after real calls over REST, parsed as Prometheus text.</summary>
public sealed class MetricsTests
{
    private static async Task<PrometheusText> ScrapeAsync(GatewayProcess gateway, string? apiKey = null)
    {
        using var response = await gateway.Client.Get("/metrics", apiKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    // Gauges read from storage are refreshed in the background by the scrape that finds them stale, so a later scrape
    // shows the change: poll, bounded, until it does.
    private static async Task<PrometheusText> ScrapeUntilAsync(GatewayProcess gateway, Func<PrometheusText, bool> done, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var scrape = await ScrapeAsync(gateway);
            if (done(scrape)) return scrape;
            if (deadline.Elapsed > TimeSpan.FromSeconds(15)) Assert.Fail($"/metrics never showed {what}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Fires_over_rest_count_exactly_in_the_fired_counter_the_latency_histogram_and_the_token_gauge()
    {
        var directory = TempDirectory.Create("cb-metrics");
        try
        {
            await using var gateway = await GatewayProcess.StartAsync(["--Storage:DataDirectory", directory, "--Telemetry:StoreGaugeInterval", "00:00:00.1"]);
            var workflow = ApiCalls.NewId("metrics");
            await (await gateway.Client.PostJson("/api/v1/workflows", ApiCalls.LinearWorkflow(workflow))).Expect(HttpStatusCode.Created);
            var tokens = new List<string>();
            for (var i = 0; i < 4; i++) tokens.Add(await gateway.Client.CreateToken(workflow));

            var before = await ScrapeAsync(gateway);
            foreach (var token in tokens.Take(3)) await (await gateway.Client.Fire(token, "ab")).Expect(HttpStatusCode.OK);
            await (await gateway.Client.Fire(tokens[0], "bc")).Expect(HttpStatusCode.OK);
            await (await gateway.Client.Fire(tokens[3], "bc")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "TRANSITION_NOT_ENABLED");
            var after = await ScrapeAsync(gateway);

            const string fired = "cb_transitions_fired_total";
            Assert.Equal("counter", after.TypeOf(fired));
            double Delta(string transition, string outcome) =>
                after.Sum(fired, ("workflow", workflow), ("transition", transition), ("outcome", outcome))
                - before.Sum(fired, ("workflow", workflow), ("transition", transition), ("outcome", outcome));
            Assert.Equal(3, Delta("ab", "fired"));
            Assert.Equal(1, Delta("bc", "fired"));
            Assert.Equal(1, Delta("bc", "TRANSITION_NOT_ENABLED"));

            const string latency = "cb_fire_duration_seconds";
            Assert.Equal("histogram", after.TypeOf(latency));
            Assert.Equal(4, after.Sum(latency + "_count", ("workflow", workflow), ("outcome", "fired")));
            Assert.Equal(1, after.Sum(latency + "_count", ("workflow", workflow), ("outcome", "refused")));
            Assert.True(after.Sum(latency + "_sum", ("workflow", workflow), ("outcome", "fired")) > 0);
            var buckets = after.Find(latency + "_bucket", ("workflow", workflow), ("outcome", "fired")).ToList();
            Assert.Equal(4, buckets.Single(b => b.Labels["le"] == "+Inf").Value);
            Assert.True(buckets.Count > 5, "the histogram has explicit buckets");
            // Cumulative buckets never decrease.
            var ordered = buckets.Where(b => b.Labels["le"] != "+Inf").OrderBy(b => double.Parse(b.Labels["le"], System.Globalization.CultureInfo.InvariantCulture)).Select(b => b.Value).ToList();
            Assert.Equal(ordered.OrderBy(v => v).ToList(), ordered);

            // One token completed (a → b → c), two wait in b, one in a: 3 active, 1 completed.
            var counted = await ScrapeUntilAsync(gateway,
                s => s.Sum("cb_tokens", ("workflow", workflow), ("status", "active")) == 3 && s.Sum("cb_tokens", ("workflow", workflow), ("status", "completed")) == 1,
                $"3 active and 1 completed token of {workflow}");
            Assert.Equal("gauge", counted.TypeOf("cb_tokens"));
            // Orleans' own meter is exported too.
            Assert.Contains(after.Samples, s => s.Name.StartsWith("orleans_", StringComparison.Ordinal));
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }

    [Fact]
    public async Task A_breaker_forced_open_shows_in_the_state_gauge_and_the_transitions_counter()
    {
        var directory = TempDirectory.Create("cb-metrics-breaker");
        try
        {
            await using var gateway = await GatewayProcess.StartAsync(["--Storage:DataDirectory", directory, "--Telemetry:StoreGaugeInterval", "00:00:00.1"]);
            var breaker = ApiCalls.NewId("payments");
            await (await gateway.Client.PostJson($"/api/v1/breakers/{breaker}/force-open", "{}")).Expect(HttpStatusCode.OK);

            var scrape = await ScrapeAsync(gateway);
            Assert.Equal(1, scrape.Sum("cb_breaker_transitions_total", ("breaker", breaker), ("from", "CLOSED"), ("to", "FORCED_OPEN")));
            const double forcedOpen = 4;
            scrape = await ScrapeUntilAsync(gateway, s => s.Find("cb_breaker_state", ("breaker", breaker)).Any(x => x.Value == forcedOpen), $"{breaker} FORCED_OPEN (4)");
            Assert.Equal("gauge", scrape.TypeOf("cb_breaker_state"));

            await (await gateway.Client.PostJson($"/api/v1/breakers/{breaker}/close", "{}")).Expect(HttpStatusCode.OK);
            await ScrapeUntilAsync(gateway, s => s.Find("cb_breaker_state", ("breaker", breaker)).Any(x => x.Value == 0), $"{breaker} CLOSED (0)");
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }

    [Fact]
    public async Task With_api_keys_metrics_need_an_administrator_key_unless_configured_open()
    {
        var directory = TempDirectory.Create("cb-metrics-keys");
        string[] keys = ["--Gateway:ApiKeys:0:Key", "tenant-key", "--Gateway:ApiKeys:0:Tenant", "t1", "--Gateway:ApiKeys:1:Key", "admin-key"];
        try
        {
            await using (var gateway = await GatewayProcess.StartAsync(["--Storage:DataDirectory", directory, .. keys]))
            {
                await (await gateway.Client.Get("/metrics")).ExpectProblem(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
                await (await gateway.Client.Get("/metrics", "tenant-key")).ExpectProblem(HttpStatusCode.Forbidden, "FORBIDDEN");
                Assert.NotEmpty((await ScrapeAsync(gateway, "admin-key")).Samples);
                Assert.Equal(HttpStatusCode.OK, (await gateway.Client.Get("/health")).StatusCode);
            }
            await using (var open = await GatewayProcess.StartAsync(["--Storage:DataDirectory", directory, .. keys, "--Gateway:Metrics:RequireCredentials", "false"]))
                Assert.NotEmpty((await ScrapeAsync(open)).Samples);
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }

    [Fact]
    public async Task An_unreachable_otlp_endpoint_never_fails_or_holds_up_a_request()
    {
        var directory = TempDirectory.Create("cb-metrics-otlp");
        // A port nobody listens on: every export fails (connection refused) in the exporters' background threads.
        var environment = new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{HostProcess.FreePort()}" };
        try
        {
            await using var gateway = await GatewayProcess.StartAsync(["--Storage:DataDirectory", directory], environment);
            var workflow = ApiCalls.NewId("otlp");
            await (await gateway.Client.PostJson("/api/v1/workflows", ApiCalls.LinearWorkflow(workflow))).Expect(HttpStatusCode.Created);
            var elapsed = Stopwatch.StartNew();
            for (var i = 0; i < 20; i++)
            {
                var token = await gateway.Client.CreateToken(workflow);
                await (await gateway.Client.Fire(token, "ab")).Expect(HttpStatusCode.OK);
            }
            // An export on the request path would wait for its 10 s timeout at least once in 40 requests.
            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(10), $"40 requests took {elapsed.Elapsed}");
            Assert.Equal(20, (await ScrapeAsync(gateway)).Sum("cb_transitions_fired_total", ("workflow", workflow), ("outcome", "fired")));
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }
}
