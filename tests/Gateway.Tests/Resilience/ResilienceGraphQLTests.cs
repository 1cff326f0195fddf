using System.Globalization;
using System.Text;
using System.Text.Json;
using CircuitBreaker.Gateway.Tests.GraphQL;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Resilience;

/// <summary>
/// The breaker and budget GraphQL surface against the real gateway process: round trips through the grains, seed 001's
/// <c>budgetStatus</c> example verbatim, coded errors, and live <c>circuitBreakerEvents</c> / <c>costUpdates</c> over SSE.
/// Spend is charged through the REST reserve/commit endpoints, as the LLM router charges it through the grains.
/// </summary>
[Collection(GraphQLGatewayCollection.Name)]
public sealed class ResilienceGraphQLTests(GraphQLGateway gateway)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    /// <summary>Seed 001, "Performance Analytics" (line 480), verbatim.</summary>
    private const string Seed001BudgetStatus = """
        query GetAnalytics {
          budgetStatus(userId: "user-123") {
            dailySpend
            monthlySpend
            budgetLimits {
              daily
              monthly
            }
            costBreakdown {
              provider
              model
              totalCost
              requestCount
            }
            projections {
              dailyProjection
              monthlyProjection
            }
          }
        }
        """;

    private const string BreakerFields = """
        id state failureRate slowCallRate numberOfBufferedCalls numberOfFailedCalls numberOfSlowCalls numberOfNotPermittedCalls
        lastTransitionAt lastTransitionReason nextTransitionAt
        config { failureRateThreshold slidingWindowType slidingWindowSize minimumNumberOfCalls waitDurationInOpenStateMs permittedNumberOfCallsInHalfOpenState }
        """;

    [Fact]
    public async Task Breaker_round_trip_configures_opens_refuses_lists_and_obeys_admin_mutations()
    {
        var configured = (await gateway.DataAsync($$"""
            mutation { configureCircuitBreaker(input: {
              id: "gql:payments", slidingWindowType: COUNT_BASED, slidingWindowSize: 4, minimumNumberOfCalls: 4,
              failureRateThreshold: 50, waitDurationInOpenStateMs: 60000, permittedNumberOfCallsInHalfOpenState: 2 }) { {{BreakerFields}} } }
            """)).GetProperty("configureCircuitBreaker");
        Assert.Equal(("gql:payments", "CLOSED"), (configured.GetProperty("id").GetString(), configured.GetProperty("state").GetString()));
        var config = configured.GetProperty("config");
        Assert.Equal((4, 4, 2), (config.GetProperty("slidingWindowSize").GetInt32(), config.GetProperty("minimumNumberOfCalls").GetInt32(),
            config.GetProperty("permittedNumberOfCallsInHalfOpenState").GetInt32()));
        Assert.Equal(60000, config.GetProperty("waitDurationInOpenStateMs").GetDouble());
        Assert.Equal("COUNT_BASED", config.GetProperty("slidingWindowType").GetString());
        Assert.Equal(-1, configured.GetProperty("failureRate").GetDouble());

        JsonElement last = default;
        foreach (var outcome in new[] { "FAILURE", "SUCCESS", "FAILURE", "FAILURE" })
        {
            var permit = await AcquireAsync("gql:payments");
            Assert.True(permit.GetProperty("permitted").GetBoolean());
            Assert.Equal("CLOSED", permit.GetProperty("state").GetString());
            last = (await gateway.DataAsync($$"""
                mutation { recordCircuitBreakerResult(input: { id: "gql:payments", outcome: {{outcome}}, durationMs: 12.5 }) { {{BreakerFields}} } }
                """)).GetProperty("recordCircuitBreakerResult");
        }
        Assert.Equal("OPEN", last.GetProperty("state").GetString());
        Assert.Equal(75, last.GetProperty("failureRate").GetDouble());
        Assert.Equal((4, 3), (last.GetProperty("numberOfBufferedCalls").GetInt32(), last.GetProperty("numberOfFailedCalls").GetInt32()));
        Assert.Equal("FailureRateExceeded", last.GetProperty("lastTransitionReason").GetString());
        Assert.True(last.GetProperty("nextTransitionAt").GetDateTimeOffset() > last.GetProperty("lastTransitionAt").GetDateTimeOffset());

        var refused = await AcquireAsync("gql:payments");
        Assert.False(refused.GetProperty("permitted").GetBoolean());
        Assert.Equal(("gql:payments", "OPEN"), (refused.GetProperty("breakerId").GetString(), refused.GetProperty("state").GetString()));
        Assert.InRange(refused.GetProperty("retryAfterMs").GetDouble(), 1, 60000);

        var read = (await gateway.DataAsync($$"""{ circuitBreaker(id: "gql:payments") { {{BreakerFields}} } }""")).GetProperty("circuitBreaker");
        Assert.Equal(("OPEN", 1), (read.GetProperty("state").GetString(), read.GetProperty("numberOfNotPermittedCalls").GetInt32()));
        // The same grain behind REST and GraphQL.
        var rest = await RestAsync(HttpMethod.Get, "/api/v1/breakers/gql:payments");
        Assert.Equal(("OPEN", 1), (rest.GetProperty("state").GetString(), rest.GetProperty("numberOfNotPermittedCalls").GetInt32()));

        await gateway.DataAsync("""mutation { configureCircuitBreaker(input: { id: "gql:search" }) { id } }""");
        var open = (await gateway.DataAsync("{ circuitBreakers(state: OPEN) { id state } }")).GetProperty("circuitBreakers");
        Assert.Contains(open.EnumerateArray(), b => b.GetProperty("id").GetString() == "gql:payments");
        Assert.All(open.EnumerateArray(), b => Assert.Equal("OPEN", b.GetProperty("state").GetString()));
        var all = (await gateway.DataAsync("{ circuitBreakers { id } }")).GetProperty("circuitBreakers").EnumerateArray().Select(b => b.GetProperty("id").GetString()).ToList();
        Assert.Contains("gql:payments", all);
        Assert.Contains("gql:search", all);
        Assert.True(all.IndexOf("gql:search") < all.IndexOf("gql:payments"), "newest first");

        Assert.Equal("FORCED_OPEN", await AdminAsync("forceOpenCircuitBreaker", "gql:payments"));
        var forced = await AcquireAsync("gql:payments");
        Assert.False(forced.GetProperty("permitted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, forced.GetProperty("retryAfterMs").ValueKind);
        Assert.Equal("CLOSED", await AdminAsync("resetCircuitBreaker", "gql:payments"));
        Assert.Equal(0, (await gateway.DataAsync("""{ circuitBreaker(id: "gql:payments") { numberOfBufferedCalls } }""")).GetProperty("circuitBreaker").GetProperty("numberOfBufferedCalls").GetInt32());
        Assert.Equal("DISABLED", await AdminAsync("disableCircuitBreaker", "gql:payments"));
        Assert.True((await AcquireAsync("gql:payments")).GetProperty("permitted").GetBoolean());
        Assert.Equal("CLOSED", await AdminAsync("closeCircuitBreaker", "gql:payments"));
        Assert.Empty((await gateway.DataAsync("{ circuitBreakers(state: FORCED_OPEN) { id } }")).GetProperty("circuitBreakers").EnumerateArray());
    }

    [Fact]
    public async Task Budget_round_trip_shows_real_spend_breakdown_and_projections_of_user_and_project()
    {
        var set = (await gateway.DataAsync("""
            mutation { setBudget(input: { userId: "gql-ann", projectId: "gql-apollo", limit: 10, period: "daily", warningThreshold: 0.5 }) {
              budgetId limit used percentageUsed isExhausted isWarning remaining message budgetLimits { daily weekly monthly } warningThreshold enforcement scopes { budgetId } } }
            """)).GetProperty("setBudget");
        Assert.Equal(["user:gql-ann", "project:gql-apollo"], set.GetProperty("scopes").EnumerateArray().Select(s => s.GetProperty("budgetId").GetString()));
        Assert.Equal((10.0, 0.5, "hard"), (set.GetProperty("budgetLimits").GetProperty("daily").GetDouble(), set.GetProperty("warningThreshold").GetDouble(),
            set.GetProperty("enforcement").GetString()));
        Assert.Equal((0.0, 10.0), (set.GetProperty("used").GetDouble(), set.GetProperty("remaining").GetDouble()));

        var before = DateTimeOffset.UtcNow;
        // The router charges one call to every scope that applies: user and project.
        await SpendAsync(["user:gql-ann", "project:gql-apollo"], 2.00m, "openai", "gpt-4o");
        await SpendAsync(["user:gql-ann", "project:gql-apollo"], 1.50m, "anthropic", "claude-3-5-sonnet");
        await SpendAsync(["user:gql-ann", "project:gql-apollo"], 0.25m, "openai", "gpt-4o");
        await SpendAsync(["project:gql-apollo"], 3.00m, "openai", "gpt-4o-mini"); // another user of the project

        const string Fields = """
            budgetId limit used reserved percentageUsed isExhausted isWarning remaining message dailySpend weeklySpend monthlySpend
            budgetLimits { daily monthly } costBreakdown { provider model totalCost requestCount } projections { dailyProjection monthlyProjection }
            scopes { budgetId dailySpend percentageUsed remaining }
            """;
        var user = (await gateway.DataAsync($$"""{ budgetStatus(userId: "gql-ann") { {{Fields}} } }""")).GetProperty("budgetStatus");
        var after = DateTimeOffset.UtcNow;
        Assert.Equal("user:gql-ann", user.GetProperty("budgetId").GetString());
        Assert.Equal((3.75, 3.75, 3.75), (user.GetProperty("dailySpend").GetDouble(), user.GetProperty("monthlySpend").GetDouble(), user.GetProperty("used").GetDouble()));
        Assert.Equal((10.0, 37.5, 6.25), (user.GetProperty("limit").GetDouble(), user.GetProperty("percentageUsed").GetDouble(), user.GetProperty("remaining").GetDouble()));
        Assert.Equal((false, false, 0.0), (user.GetProperty("isExhausted").GetBoolean(), user.GetProperty("isWarning").GetBoolean(), user.GetProperty("reserved").GetDouble()));
        Assert.Equal(
            [("openai", "gpt-4o", 2.25, 2), ("anthropic", "claude-3-5-sonnet", 1.50, 1)],
            user.GetProperty("costBreakdown").EnumerateArray().Select(c => (c.GetProperty("provider").GetString(), c.GetProperty("model").GetString(),
                c.GetProperty("totalCost").GetDouble(), c.GetProperty("requestCount").GetInt32())));
        AssertProjection(3.75, Day(before), Day(before).AddDays(1), before, after, user.GetProperty("projections").GetProperty("dailyProjection").GetDouble());
        AssertProjection(3.75, Month(before), Month(before).AddMonths(1), before, after, user.GetProperty("projections").GetProperty("monthlyProjection").GetDouble());

        // Both scopes: the project has used the larger share, so it binds; remaining is the smaller of the two.
        var both = (await gateway.DataAsync($$"""{ budgetStatus(userId: "gql-ann", projectId: "gql-apollo") { {{Fields}} } }""")).GetProperty("budgetStatus");
        Assert.Equal("project:gql-apollo", both.GetProperty("budgetId").GetString());
        Assert.Equal((6.75, 67.5), (both.GetProperty("dailySpend").GetDouble(), both.GetProperty("percentageUsed").GetDouble()));
        Assert.True(both.GetProperty("isWarning").GetBoolean());
        Assert.Equal(3.25, both.GetProperty("remaining").GetDouble());
        Assert.Equal(3, both.GetProperty("costBreakdown").GetArrayLength());
        Assert.Equal([("user:gql-ann", 3.75), ("project:gql-apollo", 6.75)],
            both.GetProperty("scopes").EnumerateArray().Select(s => (s.GetProperty("budgetId").GetString(), s.GetProperty("dailySpend").GetDouble())));

        // A null limit removes the period's limit.
        var cleared = (await gateway.DataAsync("""mutation { setBudget(input: { userId: "gql-ann", limit: null, period: "daily" }) { limit remaining budgetLimits { daily } } }"""))
            .GetProperty("setBudget");
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("budgetLimits").GetProperty("daily").ValueKind);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("remaining").ValueKind);
    }

    [Fact]
    public async Task Seed_001_budget_status_example_runs_verbatim_with_real_numbers()
    {
        // Seed 001's setBudget call (TypeScript SDK, line 455) as the GraphQL mutation it stands for.
        await gateway.DataAsync("""
            mutation { setBudget(input: { userId: "user-123", projectId: "project-456", dailyLimit: 50.00, monthlyLimit: 1000.00, alertThreshold: 0.8 }) { budgetId } }
            """);
        var before = DateTimeOffset.UtcNow;
        await SpendAsync(["user:user-123", "project:project-456"], 0.30m, "openai", "gpt-4");
        await SpendAsync(["user:user-123", "project:project-456"], 0.12m, "anthropic", "claude-3-sonnet");

        var status = (await gateway.DataAsync(Seed001BudgetStatus)).GetProperty("budgetStatus");
        var after = DateTimeOffset.UtcNow;
        Assert.Equal((0.42, 0.42), (status.GetProperty("dailySpend").GetDouble(), status.GetProperty("monthlySpend").GetDouble()));
        Assert.Equal((50.0, 1000.0), (status.GetProperty("budgetLimits").GetProperty("daily").GetDouble(), status.GetProperty("budgetLimits").GetProperty("monthly").GetDouble()));
        Assert.Equal([("openai", "gpt-4", 0.30, 1), ("anthropic", "claude-3-sonnet", 0.12, 1)],
            status.GetProperty("costBreakdown").EnumerateArray().Select(c => (c.GetProperty("provider").GetString(), c.GetProperty("model").GetString(),
                c.GetProperty("totalCost").GetDouble(), c.GetProperty("requestCount").GetInt32())));
        AssertProjection(0.42, Day(before), Day(before).AddDays(1), before, after, status.GetProperty("projections").GetProperty("dailyProjection").GetDouble());
        AssertProjection(0.42, Month(before), Month(before).AddMonths(1), before, after, status.GetProperty("projections").GetProperty("monthlyProjection").GetDouble());
    }

    [Theory]
    [InlineData("""{ circuitBreaker(id: "") { state } }""", null)]
    [InlineData("""mutation { configureCircuitBreaker(input: { id: "gql:bad", failureRateThreshold: 150 }) { state } }""", "BREAKER_FAILURE_RATE_THRESHOLD_OUT_OF_RANGE")]
    [InlineData("""mutation { configureCircuitBreaker(input: { id: "gql:bad", slidingWindowSize: 0 }) { state } }""", "BREAKER_SLIDING_WINDOW_SIZE_TOO_SMALL")]
    [InlineData("""mutation { recordCircuitBreakerResult(input: { id: "gql:bad", outcome: SUCCESS, durationMs: -5 }) { state } }""", "BREAKER_DURATION_NEGATIVE")]
    [InlineData("""{ budgetStatus { budgetId } }""", "BUDGET_SCOPE_REQUIRED")]
    [InlineData("""{ budgetStatus(userId: "has space") { budgetId } }""", null)]
    [InlineData("""mutation { setBudget(input: { userId: "gql-bad", limit: -1, period: "daily" }) { budgetId } }""", "BUDGET_DAILY_LIMIT_NEGATIVE")]
    [InlineData("""mutation { setBudget(input: { userId: "gql-bad", limit: 5, period: "yearly" }) { budgetId } }""", "BUDGET_PERIOD_UNKNOWN")]
    [InlineData("""mutation { setBudget(input: { userId: "gql-bad", limit: 5 }) { budgetId } }""", "BUDGET_PERIOD_REQUIRED")]
    [InlineData("""mutation { setBudget(input: { userId: "gql-bad", limit: 5, period: "daily", dailyLimit: 5 }) { budgetId } }""", "BUDGET_LIMIT_AMBIGUOUS")]
    [InlineData("""mutation { setBudget(input: { userId: "gql-bad", warningThreshold: 0.5 }) { budgetId } }""", "BUDGET_LIMIT_REQUIRED")]
    [InlineData("""mutation { setBudget(input: { userId: "gql-bad", limit: 5, period: "daily", warningThreshold: 1.5 }) { budgetId } }""", "BUDGET_WARNING_THRESHOLD_OUT_OF_RANGE")]
    [InlineData("""mutation { setBudget(input: { userId: "gql-bad", limit: 5, period: "daily", enforcement: "strict" }) { budgetId } }""", "BUDGET_ENFORCEMENT_UNKNOWN")]
    [InlineData("""mutation { setBudget(input: { userId: "gql-bad", projectId: "gql-bad", dailyLimit: 5, monthlyLimit: -1 }) { budgetId } }""", "BUDGET_MONTHLY_LIMIT_NEGATIVE")]
    public async Task Bad_input_is_an_INVALID_INPUT_error_with_the_grain_reason_and_changes_nothing(string query, string? reason)
    {
        var error = await gateway.ErrorAsync(query);
        var extensions = error.GetProperty("extensions");
        Assert.Equal("INVALID_INPUT", extensions.GetProperty("code").GetString());
        if (reason is not null) Assert.Equal(reason, extensions.GetProperty("reason").GetString());

        var untouched = (await gateway.DataAsync("""{ budgetStatus(userId: "gql-bad", projectId: "gql-bad") { budgetLimits { daily weekly monthly } } }"""))
            .GetProperty("budgetStatus").GetProperty("budgetLimits");
        Assert.All(untouched.EnumerateObject(), p => Assert.Equal(JsonValueKind.Null, p.Value.ValueKind));
        Assert.Equal("CLOSED", (await gateway.DataAsync("""{ circuitBreaker(id: "gql:bad") { state config { slidingWindowSize } } }"""))
            .GetProperty("circuitBreaker").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Circuit_breaker_events_deliver_open_then_half_open_by_timer_then_closed()
    {
        await gateway.DataAsync("""
            mutation { configureCircuitBreaker(input: { id: "gql:watched", slidingWindowSize: 2, minimumNumberOfCalls: 2, failureRateThreshold: 50,
              waitDurationInOpenStateMs: 300, permittedNumberOfCallsInHalfOpenState: 1 }) { id } }
            """);
        await using var sse = await SseSubscription.StartAsync(gateway.Process.Client,
            "subscription($id: ID!) { circuitBreakerEvents(id: $id) { breakerId from to at reason failureRate breaker { state } } }", new { id = "gql:watched" });
        // Live only: nothing says when the server has subscribed, so force-open and close until the first event shows up.
        await FirstEventAsync(sse, async () =>
        {
            await AdminAsync("forceOpenCircuitBreaker", "gql:watched");
            await AdminAsync("closeCircuitBreaker", "gql:watched");
        });

        foreach (var outcome in new[] { "FAILURE", "FAILURE" })
        {
            Assert.True((await AcquireAsync("gql:watched")).GetProperty("permitted").GetBoolean());
            await gateway.DataAsync($$"""mutation { recordCircuitBreakerResult(input: { id: "gql:watched", outcome: {{outcome}} }) { state } }""");
        }
        var opened = await NextEventAsync(sse, "circuitBreakerEvents");
        Assert.Equal(("gql:watched", "CLOSED", "OPEN", "FailureRateExceeded"), (opened.GetProperty("breakerId").GetString(),
            opened.GetProperty("from").GetString(), opened.GetProperty("to").GetString(), opened.GetProperty("reason").GetString()));
        Assert.Equal(100, opened.GetProperty("failureRate").GetDouble());

        // No call arrives: the grain's timer moves OPEN → HALF_OPEN when the 300 ms wait is over.
        var halfOpen = await NextEventAsync(sse, "circuitBreakerEvents");
        Assert.Equal(("OPEN", "HALF_OPEN", "WaitDurationElapsed"), (halfOpen.GetProperty("from").GetString(), halfOpen.GetProperty("to").GetString(),
            halfOpen.GetProperty("reason").GetString()));
        Assert.True(halfOpen.GetProperty("at").GetDateTimeOffset() >= opened.GetProperty("at").GetDateTimeOffset().AddMilliseconds(300));

        Assert.True((await AcquireAsync("gql:watched")).GetProperty("permitted").GetBoolean());
        await gateway.DataAsync("""mutation { recordCircuitBreakerResult(input: { id: "gql:watched", outcome: SUCCESS }) { state } }""");
        var closed = await NextEventAsync(sse, "circuitBreakerEvents");
        Assert.Equal(("HALF_OPEN", "CLOSED", "TrialCallsSucceeded", "CLOSED"), (closed.GetProperty("from").GetString(), closed.GetProperty("to").GetString(),
            closed.GetProperty("reason").GetString(), closed.GetProperty("breaker").GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Cost_updates_deliver_each_recorded_cost_with_spend_remaining_projection_and_alerts()
    {
        await using var sse = await SseSubscription.StartAsync(gateway.Process.Client, """
            subscription($u: ID!) { costUpdates(userId: $u) {
              kind userId budgetId provider model cost currentSpend dailySpend monthlySpend budgetRemaining projectedSpend alertTriggered
              alerts { kind period limit spent } status { budgetLimits { daily } costBreakdown { model } } timestamp } }
            """, new { u = "gql-watcher" });
        // Live only: set the budget until its limits update shows up.
        var limits = await FirstEventAsync(sse, () => gateway.DataAsync(
            """mutation { setBudget(input: { userId: "gql-watcher", limit: 1.00, period: "daily", warningThreshold: 0.5 }) { budgetId } }"""));
        var limitsUpdate = limits.GetProperty("data").GetProperty("costUpdates");
        Assert.Equal(("limits", "gql-watcher", "user:gql-watcher"), (limitsUpdate.GetProperty("kind").GetString(),
            limitsUpdate.GetProperty("userId").GetString(), limitsUpdate.GetProperty("budgetId").GetString()));
        Assert.Equal(1.0, limitsUpdate.GetProperty("status").GetProperty("budgetLimits").GetProperty("daily").GetDouble());

        await SpendAsync(["user:gql-watcher"], 0.20m, "openai", "gpt-4o-mini");
        var first = await NextEventAsync(sse, "costUpdates", e => e.GetProperty("kind").GetString() == "commit");
        Assert.Equal(("openai", "gpt-4o-mini", 0.20), (first.GetProperty("provider").GetString(), first.GetProperty("model").GetString(), first.GetProperty("cost").GetDouble()));
        Assert.Equal((0.20, 0.20, 0.80), (first.GetProperty("currentSpend").GetDouble(), first.GetProperty("dailySpend").GetDouble(), first.GetProperty("budgetRemaining").GetDouble()));
        Assert.False(first.GetProperty("alertTriggered").GetBoolean());
        Assert.True(first.GetProperty("projectedSpend").GetDouble() >= 0.20);

        await SpendAsync(["user:gql-watcher"], 0.40m, "anthropic", "claude-3-haiku");
        var second = await NextEventAsync(sse, "costUpdates", e => e.GetProperty("kind").GetString() == "commit");
        Assert.Equal((0.40, 0.60, 0.40), (second.GetProperty("cost").GetDouble(), second.GetProperty("dailySpend").GetDouble(), second.GetProperty("budgetRemaining").GetDouble()));
        Assert.True(second.GetProperty("alertTriggered").GetBoolean());
        var alert = Assert.Single(second.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("Warning", "Daily", 1.0, 0.60), (alert.GetProperty("kind").GetString(), alert.GetProperty("period").GetString(),
            alert.GetProperty("limit").GetDouble(), alert.GetProperty("spent").GetDouble()));
        Assert.Equal(2, second.GetProperty("status").GetProperty("costBreakdown").GetArrayLength());
    }

    [Theory]
    [InlineData("""subscription { circuitBreakerEvents(id: "") { to } }""")]
    [InlineData("""subscription { costUpdates(userId: "not valid") { kind } }""")]
    public async Task Bad_subscriptions_are_INVALID_INPUT_errors(string query)
    {
        await using var sse = await SseSubscription.StartAsync(gateway.Process.Client, query);
        var result = (await sse.NextAsync(Wait))!.Value;
        Assert.Equal("INVALID_INPUT", result.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    private async Task<JsonElement> AcquireAsync(string id) =>
        (await gateway.DataAsync("mutation($id: ID!) { acquireCircuitBreaker(id: $id) { breakerId permitted state retryAfterMs } }", new { id }))
            .GetProperty("acquireCircuitBreaker");

    private async Task<string> AdminAsync(string mutation, string id) =>
        (await gateway.DataAsync($"mutation($id: ID!) {{ {mutation}(id: $id) {{ state }} }}", new { id })).GetProperty(mutation).GetProperty("state").GetString()!;

    /// <summary>Reserves <paramref name="amount"/> on every scope, then commits it as the actual cost (REST, as a client of the grains would).</summary>
    private async Task SpendAsync(string[] scopes, decimal amount, string provider, string model)
    {
        var value = amount.ToString(CultureInfo.InvariantCulture);
        foreach (var scope in scopes)
        {
            var hold = await RestAsync(HttpMethod.Post, $"/api/v1/budgets/{scope}/reserve", $$"""{"amount":{{value}}}""");
            Assert.True(hold.GetProperty("granted").GetBoolean(), hold.ToString());
            var reservation = hold.GetProperty("reservationId").GetString();
            var commit = await RestAsync(HttpMethod.Post, $"/api/v1/budgets/{scope}/commit",
                $$"""{"reservationId":"{{reservation}}","actual":{{value}},"provider":"{{provider}}","model":"{{model}}"}""");
            Assert.True(commit.GetProperty("recorded").GetBoolean(), commit.ToString());
        }
    }

    private async Task<JsonElement> RestAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await gateway.Process.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Runs <paramref name="trigger"/> until the subscription delivers an event (the server subscribes after the response starts).</summary>
    private static async Task<JsonElement> FirstEventAsync(SseSubscription sse, Func<Task> trigger)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            await trigger();
            if (await sse.NextAsync(TimeSpan.FromMilliseconds(500)) is { } first) return first;
        }
        throw new TimeoutException("the subscription delivered nothing");
    }

    /// <summary>
    /// The next event of <paramref name="field"/> that matches <paramref name="wanted"/>, skipping the ones the priming
    /// trigger caused (admin transitions, limit updates) that may still be on their way.
    /// </summary>
    private static async Task<JsonElement> NextEventAsync(SseSubscription sse, string field, Func<JsonElement, bool>? wanted = null)
    {
        wanted ??= e => e.GetProperty("reason").GetString() is not ("ForcedOpen" or "ManualClose");
        while (true)
        {
            var next = await sse.NextAsync(Wait) ?? throw new TimeoutException($"no {field} event within {Wait}");
            Assert.False(next.TryGetProperty("errors", out var errors), errors.ToString());
            var e = next.GetProperty("data").GetProperty(field);
            if (wanted(e)) return e;
        }
    }

    private static DateTimeOffset Day(DateTimeOffset t) => new(t.UtcDateTime.Date, TimeSpan.Zero);

    private static DateTimeOffset Month(DateTimeOffset t) => new(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A projection is spent ÷ elapsed fraction of the period, taken at some moment between <paramref name="before"/> and <paramref name="after"/>.</summary>
    private static void AssertProjection(double spent, DateTimeOffset start, DateTimeOffset end, DateTimeOffset before, DateTimeOffset after, double actual)
    {
        var total = (end - start).TotalMilliseconds;
        var low = spent * total / Math.Max(1, (after - start).TotalMilliseconds);
        var high = spent * total / Math.Max(1, (before - start).TotalMilliseconds);
        Assert.InRange(actual, low * 0.999999, high * 1.000001);
    }
}
