using CircuitBreaker.TestSupport;
using Orleans;
using Orleans.Streams;
using CircuitBreaker.Gateway.Events;
using CircuitBreaker.Grains;
using CircuitBreaker.Grains.Workflow;
using CircuitBreaker.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Units;

/// <summary>
/// The workflow stream reader against a real silo on in-memory storage: events appended to the feed and published on
/// the in-memory stream by hand, in the orders a cluster of grains can produce.
/// </summary>
public sealed class WorkflowEventTailTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _workflowId = "wf-" + Guid.NewGuid().ToString("N");
    private TestStorage _test = null!;
    private EmbeddedSilo _silo = null!;
    private IStateStore _storage = null!;
    private TokenView _token = null!;

    public async Task InitializeAsync()
    {
        _test = await TestStorage.CreateAsync(StorageProvider.Sqlite);
        _silo = await EmbeddedSilo.StartAsync(_test.Storage);
        _storage = _silo.Services.GetRequiredService<IStateStore>();
        await _silo.GrainFactory.GetGrain<IWorkflowGrain>(_workflowId).Create("""
            { "states": ["a", "b"], "transitions": [{ "id": "go", "fromStates": ["a"], "toState": "b" }], "initialState": "a" }
            """);
        // Sequence 1: a real creation, published before any tail subscribes.
        _token = await _silo.GrainFactory.GetGrain<ITokenGrain>(_workflowId + "/t").Create(new CreateTokenRequest(_workflowId));
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _test.DisposeAsync();
    }

    private WorkflowEventTail.Dependencies Dependencies => new(_silo.StreamProvider, new WorkflowEventLog(_storage), _silo.GrainFactory);

    /// <summary>Commits an "updated" event of the token to the feed (as the token grain would) without publishing it.</summary>
    private async Task<TokenEvent> CommitAsync()
    {
        var result = await _storage.WriteAsync(new GrainStateId("test", Guid.NewGuid().ToString("N"), "state"),
            new StateWrite("{}") { Event = WorkflowEventLog.Append(null, _workflowId, "updated", _token.Id, 0, null) }, null);
        return new TokenEvent("updated", _token.Id, _workflowId, 0, null, _token, result.EventSequence!.Value);
    }

    private Task PublishAsync(TokenEvent e) => _silo.StreamProvider.GetStream<TokenEvent>(WorkflowGrainTypes.WorkflowStream, _workflowId).OnNextAsync(e);

    private static async Task<List<WorkflowStreamEvent>> ReadAsync(WorkflowEventTail tail, long through)
    {
        using var timeout = new CancellationTokenSource(Wait);
        var events = new List<WorkflowStreamEvent>();
        while (tail.Position < through) events.AddRange(await tail.NextAsync(timeout.Token));
        return events;
    }

    [Fact]
    public async Task Replays_from_the_position_then_follows_live_events()
    {
        await using var tail = await WorkflowEventTail.OpenAsync(Dependencies, null, _workflowId, afterSequence: 0, CancellationToken.None);
        var replayed = await ReadAsync(tail, 1);
        // The creation was published just before the tail subscribed: Orleans may still hand it to the new subscription
        // (then the tail returns the live copy) or not (then it comes from the feed). Either way it comes once, first.
        Assert.Equal([(1L, "created")], replayed.Select(e => (e.Sequence, e.Kind)));
        Assert.Equal(_token.Id, replayed[0].Token!.Id);

        await PublishAsync(await CommitAsync());
        Assert.Equal([(2L, false)], (await ReadAsync(tail, 2)).Select(e => (e.Sequence, e.Replayed)));
    }

    [Fact]
    public async Task Without_a_position_starts_after_the_newest_event()
    {
        await using var tail = await WorkflowEventTail.OpenAsync(Dependencies, null, _workflowId, afterSequence: null, CancellationToken.None);
        Assert.Equal(1, tail.Position);
        await PublishAsync(await CommitAsync());
        Assert.Equal([2L], (await ReadAsync(tail, 2)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_live_event_ahead_of_an_earlier_one_makes_the_earlier_one_read_from_the_feed_and_the_late_one_dropped()
    {
        await using var tail = await WorkflowEventTail.OpenAsync(Dependencies, null, _workflowId, afterSequence: null, CancellationToken.None);
        var second = await CommitAsync();
        var third = await CommitAsync();
        await PublishAsync(third);

        var events = await ReadAsync(tail, 3);
        Assert.Equal([(2L, true), (3L, false)], events.Select(e => (e.Sequence, e.Replayed)));

        // The earlier event's own publication arrives late: it was sent already, so it is dropped.
        await PublishAsync(second);
        var fourth = await CommitAsync();
        await PublishAsync(fourth);
        Assert.Equal([(4L, false)], (await ReadAsync(tail, 4)).Select(e => (e.Sequence, e.Replayed)));
    }

    [Fact]
    public async Task A_reader_far_behind_the_live_stream_loses_nothing_when_its_buffer_overflows()
    {
        await using var tail = await WorkflowEventTail.OpenAsync(Dependencies, null, _workflowId, afterSequence: null, CancellationToken.None);
        const int count = 2500;
        for (var i = 0; i < count; i++) await PublishAsync(await CommitAsync());

        var events = await ReadAsync(tail, 1 + count);
        Assert.Equal(Enumerable.Range(2, count).Select(i => (long)i), events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Cancelling_a_wait_skips_nothing()
    {
        await using var tail = await WorkflowEventTail.OpenAsync(Dependencies, null, _workflowId, afterSequence: null, CancellationToken.None);
        using (var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tail.NextAsync(soon.Token));
        await PublishAsync(await CommitAsync());
        Assert.Equal([2L], (await ReadAsync(tail, 2)).Select(e => e.Sequence));
    }
}
