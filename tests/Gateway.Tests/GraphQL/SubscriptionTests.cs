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

    private async Task<JsonNode> WsAsync(string query, int count, params string[] mutations)
    {
        var wsUrl = gateway.Url.Replace("http://", "ws://");
        var output = await NodeScript.RunAsync("ws-client.mjs", new JsonObject
        {
            ["url"] = wsUrl, ["httpUrl"] = gateway.Url, ["query"] = query, ["count"] = count,
            ["mutations"] = new JsonArray([.. mutations.Select(m => (JsonNode)m)]),
        }, TimeSpan.FromSeconds(60));
        Assert.True(output["error"] is null, $"graphql-ws client: {output["error"]}\n{gateway.Process.Output}");
        return output;
    }

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
        foreach (var t in new[] { "submit", "reject", "revise" }) await gateway.DataAsync(Fire(tokenId, t));

        // The client saw sequence 1 before it went away; sequences 2 and 3 happened while it was gone, 4 and 5 after.
        var output = await WsAsync(
            $$"""subscription { resourceUpdates(resourceId: "{{tokenId}}", afterSequence: 1) { sequence transitionId replayed } }""",
            4, Fire(tokenId, "submit"), Fire(tokenId, "approve"));

        var events = output["results"]!.AsArray().Select(r => r!["data"]!["resourceUpdates"]!).ToList();
        Assert.Equal([2L, 3L, 4L, 5L], events.Select(e => e["sequence"]!.GetValue<long>()));
        Assert.Equal(["reject", "revise", "submit", "approve"], events.Select(e => e["transitionId"]!.GetValue<string>()));
        Assert.True(events[0]["replayed"]!.GetValue<bool>());
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
    public async Task Bad_subscriptions_are_coded_errors(string query, string code)
    {
        await using var sse = await SseSubscription.StartAsync(gateway.Process.Client, query);
        var result = (await sse.NextAsync(Wait))!.Value;
        Assert.Equal(code, result.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }
}
