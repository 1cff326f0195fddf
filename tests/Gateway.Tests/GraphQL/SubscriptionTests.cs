using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.GraphQL;

/// <summary>Subscriptions fed by the grain streams, over graphql-transport-ws (the npm graphql-ws client) and graphql-sse.</summary>
[Collection(GraphQLGatewayCollection.Name)]
public sealed class SubscriptionTests(GraphQLGateway gateway)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static string Fire(string tokenId, string transition) =>
        $$"""mutation { fireTransition(input: { tokenId: "{{tokenId}}", transitionId: "{{transition}}" }) { id } }""";

    private static string Cancel(string tokenId) => $$"""mutation { cancelToken(id: "{{tokenId}}") { id } }""";

    /// <summary>
    /// Runs one graphql-ws client until it received <paramref name="count"/> results, then it disconnects (its process
    /// ends). Mutations are posted once connected, or after <paramref name="mutateAfter"/> results when given.
    /// </summary>
    private async Task<JsonNode> WsAsync(string query, int count, int? mutateAfter, params string[] mutations)
    {
        var wsUrl = gateway.Url.Replace("http://", "ws://");
        var input = new JsonObject
        {
            ["url"] = wsUrl,
            ["httpUrl"] = gateway.Url,
            ["query"] = query,
            ["count"] = count,
            ["mutations"] = new JsonArray([.. mutations.Select(m => (JsonNode)m)]),
        };
        if (mutateAfter is { } n) input["mutateAfter"] = n;
        var output = await NodeScript.RunAsync("ws-client.mjs", input, TimeSpan.FromSeconds(60));
        Assert.True(output["error"] is null, $"graphql-ws client: {output["error"]}\n{gateway.Process.Output}");
        return output;
    }

    private Task<JsonNode> WsAsync(string query, int count, params string[] mutations) => WsAsync(query, count, null, mutations);

    private async Task<string> NewCycleWorkflowAsync() => (await gateway.DataAsync("""
        mutation { createWorkflow(input: { name: "Watched", states: ["draft", "review", "approved", "rejected"], transitions: [
          { id: "submit", fromStates: ["draft"], toState: "review" }, { id: "approve", fromStates: ["review"], toState: "approved" }
          { id: "reject", fromStates: ["review"], toState: "rejected" }, { id: "revise", fromStates: ["rejected"], toState: "draft" }
        ], initialState: "draft" }) { id } }
        """)).GetProperty("createWorkflow").GetProperty("id").GetString()!;

    private async Task<string> NewTokenAsync(string workflowId) =>
        (await gateway.DataAsync("mutation($w: ID!) { createToken(input: { workflowId: $w }) { id } }", new { w = workflowId }))
            .GetProperty("createToken").GetProperty("id").GetString()!;

    private static (long Sequence, string Kind, string TokenId, string? TransitionId, bool Replayed) Summary(JsonNode e) => (
        e["sequence"]!.GetValue<long>(), e["kind"]!.GetValue<string>(), e["tokenId"]!.GetValue<string>(),
        e["transitionId"]?.GetValue<string>(), e["replayed"]!.GetValue<bool>());

    private const string WorkflowSelection = "{ sequence kind tokenId transitionId replayed tokenSequence entry { toState } token { id } }";

    [Fact]
    public async Task Graphql_ws_client_receives_fires_in_order()
    {
        var tokenId = await gateway.NewDocumentTokenAsync();
        var output = await WsAsync(
            $$"""subscription { tokenUpdates(tokenId: "{{tokenId}}", afterSequence: 0) { kind sequence transitionId entry { fromState toState } token { state } } }""",
            3, Fire(tokenId, "submit"), Fire(tokenId, "reject"), Fire(tokenId, "revise"));

        var events = output["results"]!.AsArray().Select(r => r!["data"]!["tokenUpdates"]!).ToList();
        Assert.Equal([1L, 2L, 3L], events.Select(e => e["sequence"]!.GetValue<long>()));
        Assert.Equal(["submit", "reject", "revise"], events.Select(e => e["transitionId"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal("fired", e["kind"]!.GetValue<string>()));
        Assert.Equal("rejected", events[2]["entry"]!["fromState"]!.GetValue<string>());
        Assert.Equal("draft", events[2]["entry"]!["toState"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resume_after_a_sequence_replays_missed_fires_then_continues_live_without_gap_or_duplicate()
    {
        var tokenId = await gateway.NewDocumentTokenAsync();

        // First connection: sees sequence 1, then the client disconnects.
        var first = await WsAsync(
            $$"""subscription { resourceUpdates(resourceId: "{{tokenId}}", afterSequence: 0) { sequence transitionId replayed } }""",
            1, Fire(tokenId, "submit"));
        var lastSeen = first["results"]![0]!["data"]!["resourceUpdates"]!["sequence"]!.GetValue<long>();
        Assert.Equal(1, lastSeen);

        // Missed while disconnected.
        await gateway.DataAsync(Fire(tokenId, "reject"));
        await gateway.DataAsync(Fire(tokenId, "revise"));

        // Reconnect after the last seen: the missed fires are replayed, then fires made once they arrived come live.
        var output = await WsAsync(
            $$"""subscription { resourceUpdates(resourceId: "{{tokenId}}", afterSequence: {{lastSeen}}) { sequence transitionId replayed } }""",
            4, mutateAfter: 2, Fire(tokenId, "submit"), Fire(tokenId, "approve"));

        var events = output["results"]!.AsArray().Select(r => r!["data"]!["resourceUpdates"]!).ToList();
        Assert.Equal([2L, 3L, 4L, 5L], events.Select(e => e["sequence"]!.GetValue<long>()));
        Assert.Equal(["reject", "revise", "submit", "approve"], events.Select(e => e["transitionId"]!.GetValue<string>()));
        Assert.Equal([true, true, false, false], events.Select(e => e["replayed"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Workflow_events_over_graphql_ws_resume_after_a_disconnect_with_exactly_the_missed_events_then_live_ones()
    {
        var workflowId = await NewCycleWorkflowAsync();
        var t1 = await NewTokenAsync(workflowId);

        // First connection: replays the creation (sequence 1), then two fires made after it arrived come live; disconnect.
        var first = await WsAsync(
            $$"""subscription { workflowEvents(workflowId: "{{workflowId}}", afterSequence: 0) {{WorkflowSelection}} }""",
            3, mutateAfter: 1, Fire(t1, "submit"), Fire(t1, "reject"));
        var seen = first["results"]!.AsArray().Select(r => Summary(r!["data"]!["workflowEvents"]!)).ToList();
        Assert.Equal([(1L, "created", t1, null, true), (2L, "fired", t1, "submit", false), (3L, "fired", t1, "reject", false)], seen);
        Assert.Equal("rejected", first["results"]![2]!["data"]!["workflowEvents"]!["entry"]!["toState"]!.GetValue<string>());

        // Missed while disconnected: another token's creation and fire, and a fire of the first.
        var t2 = await NewTokenAsync(workflowId);
        await gateway.DataAsync(Fire(t2, "submit"));
        await gateway.DataAsync(Fire(t1, "revise"));

        var second = await WsAsync(
            $$"""subscription { workflowEvents(workflowId: "{{workflowId}}", afterSequence: {{seen[^1].Sequence}}) {{WorkflowSelection}} }""",
            5, mutateAfter: 3, Fire(t2, "approve"), Cancel(t1));
        var events = second["results"]!.AsArray().Select(r => Summary(r!["data"]!["workflowEvents"]!)).ToList();
        Assert.Equal(
            [(4L, "created", t2, null, true), (5L, "fired", t2, "submit", true), (6L, "fired", t1, "revise", true),
             (7L, "completed", t2, "approve", false), (8L, "cancelled", t1, "$cancel", false)],
            events);
        Assert.Equal([0L, 1, 3, 2, 4], second["results"]!.AsArray().Select(r => r!["data"]!["workflowEvents"]!["tokenSequence"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Workflow_events_over_graphql_sse_resume_after_a_disconnect_with_exactly_the_missed_events_then_live_ones()
    {
        const string query = "subscription($w: ID!, $after: Int) { workflowEvents(workflowId: $w, afterSequence: $after) " + WorkflowSelection + " }";
        var workflowId = await NewCycleWorkflowAsync();
        var t1 = await NewTokenAsync(workflowId);
        long lastSeen;
        await using (var sse = await SseSubscription.StartAsync(gateway.Process.Client, query, new { w = workflowId, after = 0 }))
        {
            Assert.Equal((1L, "created", t1, null, true), Summary(await NextWorkflowEventAsync(sse)));
            await gateway.DataAsync(Fire(t1, "submit"));
            var fired = Summary(await NextWorkflowEventAsync(sse));
            Assert.Equal((2L, "fired", t1, "submit", false), fired);
            lastSeen = fired.Sequence;
        }

        // Missed while disconnected.
        await gateway.DataAsync(Fire(t1, "reject"));
        var t2 = await NewTokenAsync(workflowId);

        await using var resumed = await SseSubscription.StartAsync(gateway.Process.Client, query, new { w = workflowId, after = lastSeen });
        Assert.Equal((3L, "fired", t1, "reject", true), Summary(await NextWorkflowEventAsync(resumed)));
        Assert.Equal((4L, "created", t2, null, true), Summary(await NextWorkflowEventAsync(resumed)));
        await gateway.DataAsync(Fire(t2, "submit"));
        await gateway.DataAsync(Fire(t1, "revise"));
        Assert.Equal((5L, "fired", t2, "submit", false), Summary(await NextWorkflowEventAsync(resumed)));
        Assert.Equal((6L, "fired", t1, "revise", false), Summary(await NextWorkflowEventAsync(resumed)));
    }

    private static async Task<JsonNode> NextWorkflowEventAsync(SseSubscription sse)
    {
        var next = await sse.NextAsync(Wait) ?? throw new Xunit.Sdk.XunitException("no workflow event within " + Wait);
        return JsonNode.Parse(next.GetRawText())!["data"]!["workflowEvents"]!;
    }

    [Fact]
    public async Task Sse_client_receives_replayed_and_live_fires_in_order()
    {
        var tokenId = await gateway.NewDocumentTokenAsync();
        await gateway.DataAsync(Fire(tokenId, "submit"));
        await using var sse = await SseSubscription.StartAsync(gateway.Process.Client,
            "subscription($t: ID!) { tokenUpdates(tokenId: $t, afterSequence: 0) { sequence transitionId token { state } } }", new { t = tokenId });

        var first = await sse.NextAsync(Wait);
        Assert.Equal(1, first!.Value.GetProperty("data").GetProperty("tokenUpdates").GetProperty("sequence").GetInt64());
        // The subscription is established (it replayed), so live fires from now on must all arrive.
        await gateway.DataAsync(Fire(tokenId, "reject"));
        await gateway.DataAsync(Fire(tokenId, "revise"));
        var second = (await sse.NextAsync(Wait))!.Value.GetProperty("data").GetProperty("tokenUpdates");
        var third = (await sse.NextAsync(Wait))!.Value.GetProperty("data").GetProperty("tokenUpdates");
        Assert.Equal((2L, "reject"), (second.GetProperty("sequence").GetInt64(), second.GetProperty("transitionId").GetString()));
        Assert.Equal((3L, "revise"), (third.GetProperty("sequence").GetInt64(), third.GetProperty("transitionId").GetString()));
        Assert.Equal("draft", third.GetProperty("token").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Workflow_events_deliver_every_token_change_of_the_workflow()
    {
        var workflowId = (await gateway.DataAsync("""
            mutation { createWorkflow(input: { name: "Watched", states: ["a", "b"], transitions: [{ id: "go", fromStates: ["a"], toState: "b" }], initialState: "a" }) { id } }
            """)).GetProperty("createWorkflow").GetProperty("id").GetString();
        await using var sse = await SseSubscription.StartAsync(gateway.Process.Client,
            "subscription($w: ID!) { workflowEvents(workflowId: $w) { kind tokenId transitionId } }", new { w = workflowId });

        // Live only: nothing tells when the server has subscribed, so create tokens until the first event shows up.
        JsonElement? seen = null;
        var deadline = DateTime.UtcNow + Wait;
        while (seen is null && DateTime.UtcNow < deadline)
        {
            await gateway.DataAsync("mutation($w: ID!) { createToken(input: { workflowId: $w }) { id } }", new { w = workflowId });
            seen = await sse.NextAsync(TimeSpan.FromMilliseconds(500));
        }
        Assert.Equal("created", seen!.Value.GetProperty("data").GetProperty("workflowEvents").GetProperty("kind").GetString());

        var tokenId = seen.Value.GetProperty("data").GetProperty("workflowEvents").GetProperty("tokenId").GetString()!;
        await gateway.DataAsync(Fire(tokenId, "go"));
        JsonElement fired;
        do fired = (await sse.NextAsync(Wait))!.Value.GetProperty("data").GetProperty("workflowEvents");
        while (fired.GetProperty("kind").GetString() == "created");
        Assert.Equal(tokenId, fired.GetProperty("tokenId").GetString());
        Assert.Equal("go", fired.GetProperty("transitionId").GetString());
    }

    [Theory]
    [InlineData("""subscription { tokenUpdates(tokenId: "no-such-token") { sequence } }""", "TOKEN_NOT_FOUND")]
    [InlineData("""subscription { workflowEvents(workflowId: "no-such-workflow") { kind } }""", "WORKFLOW_NOT_FOUND")]
    [InlineData("""subscription { tokenUpdates(tokenId: "") { sequence } }""", "INVALID_INPUT")]
    [InlineData("""subscription { tokenUpdates(tokenId: "YOUR_TOKEN_ID", afterSequence: -1) { sequence } }""", "INVALID_INPUT")]
    [InlineData("""subscription { workflowEvents(workflowId: "document_approval_v1", afterSequence: -1) { sequence } }""", "INVALID_INPUT")]
    public async Task Bad_subscriptions_are_coded_errors(string query, string code)
    {
        await using var sse = await SseSubscription.StartAsync(gateway.Process.Client, query);
        var result = (await sse.NextAsync(Wait))!.Value;
        Assert.Equal(code, result.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }
}
