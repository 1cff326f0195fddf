using System.Net;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Api;

/// <summary>Server-sent events of tokens and workflows, and resuming with Last-Event-ID, against the real gateway.</summary>
public sealed class EventStreamTests(SharedGateway fixture) : IClassFixture<SharedGateway>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task A_token_stream_delivers_fire_events_in_order()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var id = await _client.CreateToken("document_approval_v1", """{"title":"sse"}""");
        await using var sse = await SseClient.ConnectAsync(_client, $"/api/v1/events?tokenId={id}", null, cts.Token);
        string[] transitions = ["submit", "reject", "revise", "submit", "approve"];
        foreach (var t in transitions) await (await _client.Fire(id, t)).Expect(HttpStatusCode.OK);

        var received = new List<SseEvent>();
        while (received.Count < transitions.Length) received.Add(await sse.NextAsync(cts.Token) ?? throw new InvalidOperationException("stream ended"));
        Assert.Equal([1L, 2, 3, 4, 5], received.Select(e => e.Id));
        Assert.Equal(transitions, received.Select(e => (string)e.Data["transitionId"]!));
        Assert.Equal(["fired", "fired", "fired", "fired", "completed"], received.Select(e => e.Event));
        Assert.Equal("approved", (string?)received[^1].Data["token"]!["state"]);
    }

    [Fact]
    public async Task Resuming_with_last_event_id_while_fires_continue_loses_and_repeats_nothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var id = await _client.CreateToken("document_approval_v1", """{"title":"resume"}""");
        string[] cycle = ["submit", "reject", "revise"];
        const int total = 45;
        // Fires keep coming while the client reconnects, so the replay and the live tail overlap.
        var firstFires = 6;
        for (var i = 0; i < firstFires; i++) await (await _client.Fire(id, cycle[i % 3])).Expect(HttpStatusCode.OK);
        var firing = Task.Run(async () =>
        {
            for (var i = firstFires; i < total; i++) await (await _client.Fire(id, cycle[i % 3])).Expect(HttpStatusCode.OK);
        });
        await using var sse = await SseClient.ConnectAsync(_client, $"/api/v1/events?tokenId={id}", lastEventId: 2, cts.Token);
        var ids = new List<long>();
        while (ids.Count == 0 || ids[^1] < total)
        {
            var e = await sse.NextAsync(cts.Token) ?? throw new InvalidOperationException("stream ended");
            if (e.Id is { } seq) ids.Add(seq);
        }
        await firing;
        Assert.Equal(Enumerable.Range(3, total - 2).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task Reconnecting_after_the_last_seen_event_replays_exactly_the_missed_ones()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var id = await _client.CreateToken("document_approval_v1", """{"title":"gap"}""");
        long lastSeen;
        await using (var first = await SseClient.ConnectAsync(_client, $"/api/v1/events?tokenId={id}", null, cts.Token))
        {
            await (await _client.Fire(id, "submit")).Expect(HttpStatusCode.OK);
            lastSeen = (await first.NextAsync(cts.Token))!.Id!.Value;
        }
        // Missed while disconnected.
        await (await _client.Fire(id, "reject")).Expect(HttpStatusCode.OK);
        await (await _client.Fire(id, "revise")).Expect(HttpStatusCode.OK);

        await using var second = await SseClient.ConnectAsync(_client, $"/api/v1/events?tokenId={id}", lastSeen, cts.Token);
        var replayed = new[] { await second.NextAsync(cts.Token), await second.NextAsync(cts.Token) };
        Assert.Equal([2L, 3], replayed.Select(e => e!.Id));
        Assert.Equal(["reject", "revise"], replayed.Select(e => (string)e!.Data["transitionId"]!));
        Assert.All(replayed, e => Assert.True((bool)e!.Data["replayed"]!));
        await (await _client.Fire(id, "submit")).Expect(HttpStatusCode.OK);
        var live = await second.NextAsync(cts.Token);
        Assert.Equal(4, live!.Id);
        Assert.False((bool)live.Data["replayed"]!);
    }

    [Fact]
    public async Task A_workflow_stream_carries_its_tokens_events()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var wf = ApiCalls.NewId("wf");
        await (await _client.PostJson("/api/v1/workflows", ApiCalls.LinearWorkflow(wf))).Expect(HttpStatusCode.Created);
        await using var sse = await SseClient.ConnectAsync(_client, $"/api/v1/events?workflowId={wf}", null, cts.Token);
        var id = await _client.CreateToken(wf);
        await (await _client.Fire(id, "ab")).Expect(HttpStatusCode.OK);
        var created = await sse.NextAsync(cts.Token);
        var fired = await sse.NextAsync(cts.Token);
        Assert.Equal("created", created!.Event);
        Assert.Equal("fired", fired!.Event);
        Assert.Equal(id, (string?)fired.Data["tokenId"]);
        Assert.True(fired.Id > created.Id);
    }

    private async Task<string> NewCycleWorkflowAsync()
    {
        var id = ApiCalls.NewId("wf");
        await (await _client.PostJson("/api/v1/workflows", $$"""
            {
              "id": "{{id}}", "name": "Cycle {{id}}", "states": ["draft", "review", "approved", "rejected"],
              "transitions": [
                { "id": "submit", "fromStates": ["draft"], "toState": "review" },
                { "id": "approve", "fromStates": ["review"], "toState": "approved" },
                { "id": "reject", "fromStates": ["review"], "toState": "rejected" },
                { "id": "revise", "fromStates": ["rejected"], "toState": "draft" }
              ],
              "initialState": "draft", "finalStates": ["approved"]
            }
            """)).Expect(HttpStatusCode.Created);
        return id;
    }

    private static (long? Id, string Kind, string TokenId, string? TransitionId, bool Replayed) Summary(SseEvent e) =>
        (e.Id, e.Event, (string)e.Data["tokenId"]!, (string?)e.Data["transitionId"], (bool)e.Data["replayed"]!);

    private static async Task<SseEvent> NextAsync(SseClient sse, CancellationToken ct) =>
        await sse.NextAsync(ct) ?? throw new InvalidOperationException("stream ended");

    [Fact]
    public async Task A_workflow_stream_resumes_after_a_disconnect_from_last_event_id_with_exactly_the_missed_events()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var wf = await NewCycleWorkflowAsync();
        string t1;
        long lastSeen;
        await using (var first = await SseClient.ConnectAsync(_client, $"/api/v1/events?workflowId={wf}", null, cts.Token))
        {
            t1 = await _client.CreateToken(wf);
            await (await _client.Fire(t1, "submit")).Expect(HttpStatusCode.OK);
            Assert.Equal((1L, "created", t1, null, false), Summary(await NextAsync(first, cts.Token)));
            var fired = await NextAsync(first, cts.Token);
            Assert.Equal((2L, "fired", t1, "submit", false), Summary(fired));
            Assert.Equal((2L, 1L), ((long)fired.Data["sequence"]!, (long)fired.Data["tokenSequence"]!));
            lastSeen = fired.Id!.Value;
        }

        // Missed while disconnected: a fire, another token's creation, and its fire.
        await (await _client.Fire(t1, "reject")).Expect(HttpStatusCode.OK);
        var t2 = await _client.CreateToken(wf);
        await (await _client.Fire(t2, "submit")).Expect(HttpStatusCode.OK);

        await using var second = await SseClient.ConnectAsync(_client, $"/api/v1/events?workflowId={wf}", lastSeen, cts.Token);
        var replayed = new[] { await NextAsync(second, cts.Token), await NextAsync(second, cts.Token), await NextAsync(second, cts.Token) };
        Assert.Equal([(3L, "fired", t1, "reject", true), (4L, "created", t2, null, true), (5L, "fired", t2, "submit", true)], replayed.Select(Summary));
        // Replayed events carry the token as it is now.
        Assert.Equal("rejected", (string?)replayed[0].Data["token"]!["state"]);

        await (await _client.Fire(t2, "approve")).Expect(HttpStatusCode.OK);
        var live = await NextAsync(second, cts.Token);
        Assert.Equal((6L, "completed", t2, "approve", false), Summary(live));
        Assert.Equal("approved", (string?)live.Data["token"]!["state"]);
    }

    [Fact]
    public async Task A_workflow_stream_resumed_while_many_tokens_fire_concurrently_delivers_every_event_once_in_order()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var wf = await NewCycleWorkflowAsync();
        var tokens = new List<string>();
        for (var i = 0; i < 8; i++) tokens.Add(await _client.CreateToken(wf));
        string[] cycle = ["submit", "reject", "revise", "submit", "reject"];
        var total = tokens.Count * (1 + cycle.Length);

        // Fires on different tokens run in parallel, so their events share commits and are published out of order;
        // the client connects while they happen, so its replay and the live tail overlap.
        var firing = Task.WhenAll(tokens.Select(t => Task.Run(async () =>
        {
            foreach (var transition in cycle) await (await _client.Fire(t, transition)).Expect(HttpStatusCode.OK);
        })));
        await using var sse = await SseClient.ConnectAsync(_client, $"/api/v1/events?workflowId={wf}&lastEventId=4", null, cts.Token);
        var received = new List<SseEvent>();
        while (received.Count == 0 || received[^1].Id < total) received.Add(await NextAsync(sse, cts.Token));
        await firing;

        Assert.Equal(Enumerable.Range(5, total - 4).Select(i => (long?)i), received.Select(e => e.Id));
        foreach (var t in tokens)
        {
            var own = received.Where(e => (string)e.Data["tokenId"]! == t && e.Event == "fired").Select(e => (long)e.Data["tokenSequence"]!).ToList();
            Assert.Equal(Enumerable.Range(1, cycle.Length).Select(i => (long)i), own);
        }
    }

    [Fact]
    public async Task Event_streams_refuse_bad_requests_with_problems()
    {
        await (await _client.GetAsync("/api/v1/events")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        await (await _client.GetAsync("/api/v1/events?tokenId=nope")).ExpectProblem(HttpStatusCode.NotFound, "TOKEN_NOT_FOUND");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events?tokenId=nope");
        request.Headers.Add("Last-Event-ID", "abc");
        await (await _client.SendAsync(request)).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
    }
}
