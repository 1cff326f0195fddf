using CircuitBreaker.Grains;
using System.Threading.Channels;
using CircuitBreaker.Grains.Workflow;
using Orleans;
using Orleans.Streams;

namespace CircuitBreaker.Gateway.Events;

/// <summary>One event of a workflow's stream as a subscriber receives it.</summary>
/// <param name="Sequence">Its position on <c>workflow/{id}</c> (1, 2, 3, … per workflow); resume after it.</param>
/// <param name="Kind"><c>created</c>, <c>fired</c>, <c>completed</c>, <c>cancelled</c> or <c>updated</c>.</param>
/// <param name="TokenId">The token that changed.</param>
/// <param name="WorkflowId">Its workflow.</param>
/// <param name="TokenSequence">The token's history sequence of the change (0 for creation and updates).</param>
/// <param name="TransitionId">The fired transition, if any.</param>
/// <param name="Replayed">True when read back from the durable feed rather than delivered live.</param>
/// <param name="Token">Live: the token after the change. Replayed: the token as it is now (null if it is gone).</param>
public sealed record WorkflowStreamEvent(long Sequence, string Kind, string TokenId, string WorkflowId, long TokenSequence,
    string? TransitionId, bool Replayed, TokenView? Token);

/// <summary>
/// Reads the stream <c>workflow/{id}</c> in sequence order with no gap and no duplicate, from any position.
/// It subscribes to the live stream first (buffering), replays the durable feed after the position, then follows the
/// live events. Feed sequences are gap-free and a sequence is visible only after every earlier one committed, so when
/// a live event arrives ahead of an earlier one (grains publish concurrently after one group commit), or the live
/// buffer overflowed, the missing events are read from the feed instead of waited for. Live events at or before the
/// position are dropped.
/// </summary>
public sealed class WorkflowEventTail : IAsyncDisposable
{
    private const int PageSize = 100;
    // A slow client cannot make the buffer grow without bound: on overflow the tail reads the feed instead.
    private const int LiveBufferSize = 1000;

    private readonly Channel<TokenEvent> _live = Channel.CreateBounded<TokenEvent>(
        new BoundedChannelOptions(LiveBufferSize) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SortedDictionary<long, TokenEvent> _early = new();
    private readonly WorkflowEventLog _log;
    private readonly IGrainFactory _grains;
    private IAsyncDisposable? _subscription;
    private long _catchUpTo;
    private volatile bool _overflowed;

    private WorkflowEventTail(WorkflowEventLog log, IGrainFactory grains, string? tenantId, string workflowId)
    {
        _log = log;
        _grains = grains;
        TenantId = tenantId;
        WorkflowId = workflowId;
    }

    /// <summary>The workflow's owner (null: a workflow without tenant).</summary>
    public string? TenantId { get; }

    /// <summary>The workflow, as its owner names it.</summary>
    public string WorkflowId { get; }

    /// <summary>The sequence of the last event returned (or the start position).</summary>
    public long Position { get; private set; }

    /// <summary>What a tail reads from.</summary>
    /// <param name="Streams">The live streams.</param>
    /// <param name="Log">The durable workflow event feeds.</param>
    /// <param name="Grains">For the current token of replayed events.</param>
    public sealed record Dependencies(IStreamProvider Streams, WorkflowEventLog Log, IGrainFactory Grains);

    /// <summary>
    /// Subscribes to <c>workflow/{<paramref name="workflowId"/>}</c> of <paramref name="tenantId"/>. With <paramref name="afterSequence"/> the events
    /// after it are replayed first; without, only events committed from now on are returned.
    /// </summary>
    public static async Task<WorkflowEventTail> OpenAsync(Dependencies dependencies, string? tenantId, string workflowId, long? afterSequence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence ?? 0, nameof(afterSequence));
        var tail = new WorkflowEventTail(dependencies.Log, dependencies.Grains, tenantId, workflowId);
        try
        {
            // Subscribed before the position is read: every later commit is either buffered live or found in the feed.
            tail._subscription = await dependencies.Streams.GetStream<TokenEvent>(WorkflowGrainTypes.WorkflowStream, TenantKeys.Of(tenantId, workflowId))
                .SubscribeItemsAsync(tail.OnLive, cancellationToken);
            if (afterSequence is { } after)
            {
                tail.Position = after;
                tail._catchUpTo = long.MaxValue;
            }
            else
            {
                tail.Position = tail._catchUpTo = await dependencies.Log.LastSequenceAsync(tenantId, workflowId, cancellationToken);
            }
            return tail;
        }
        catch
        {
            await tail.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The next events in sequence order (at least one). Cancelling only abandons the wait: nothing is skipped, so a
    /// caller may use a short timeout (e.g. to send keep-alives) and call again.
    /// </summary>
    public async Task<IReadOnlyList<WorkflowStreamEvent>> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            DrainLive();
            if (_overflowed)
            {
                // Cleared before reading, so an overflow during the read triggers another catch-up.
                _overflowed = false;
                _catchUpTo = long.MaxValue;
            }
            if (Position < _catchUpTo)
            {
                var page = await _log.ReadAsync(TenantId, WorkflowId, Position, PageSize, cancellationToken);
                var rows = page.TakeWhile(r => r.Sequence <= _catchUpTo).ToList();
                var caughtUp = page.Count < PageSize || rows.Count < page.Count;
                if (rows.Count == 0)
                {
                    // Never expected (a published event's predecessors are committed); if they are not in the feed,
                    // give up on them rather than read again and again.
                    if (_early.Count > 0 && _early.Keys.First() > Position + 1) Position = _early.Keys.First() - 1;
                    _catchUpTo = Position;
                    continue;
                }
                var events = await FromFeedAsync(rows);
                Position = rows[^1].Sequence;
                if (caughtUp) _catchUpTo = Position;
                Forget();
                return events;
            }

            var ready = new List<WorkflowStreamEvent>();
            while (_early.Remove(Position + 1, out var next))
            {
                ready.Add(Live(next));
                Position++;
            }
            if (ready.Count > 0) return ready;
            if (_early.Count > 0)
            {
                // A later event arrived first, so the earlier ones are committed: read them rather than wait.
                _catchUpTo = _early.Keys.First() - 1;
                continue;
            }
            Take(await _live.Reader.ReadAsync(cancellationToken));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _live.Writer.TryComplete();
        if (_subscription is not null) await _subscription.DisposeAsync();
    }

    private Task OnLive(TokenEvent e)
    {
        if (!_live.Writer.TryWrite(e)) _overflowed = true;
        return Task.CompletedTask;
    }

    private void DrainLive()
    {
        while (_live.Reader.TryRead(out var e)) Take(e);
    }

    private void Take(TokenEvent e)
    {
        if (e.WorkflowSequence <= Position) return;
        if (_early.Count >= LiveBufferSize)
        {
            // Too far ahead of the reader (a long replay): keep nothing, read it all from the feed later.
            _early.Clear();
            _overflowed = true;
            return;
        }
        _early[e.WorkflowSequence] = e;
    }

    private void Forget()
    {
        while (_early.Count > 0 && _early.Keys.First() <= Position) _early.Remove(_early.Keys.First());
    }

    /// <summary>Feed rows as events: the live event's token when it arrived already, otherwise the token now.</summary>
    private async Task<IReadOnlyList<WorkflowStreamEvent>> FromFeedAsync(List<WorkflowEventRecord> rows)
    {
        var missing = rows.Where(r => !_early.ContainsKey(r.Sequence)).Select(r => r.TokenId).Distinct().ToList();
        var views = await Task.WhenAll(missing.Select(id => _grains.GetGrain<ITokenGrain>(TenantKeys.Of(TenantId, id)).Get()));
        var now = missing.Zip(views).ToDictionary(p => p.First, p => p.Second);
        return [.. rows.Select(r => _early.TryGetValue(r.Sequence, out var live)
            ? Live(live)
            : new WorkflowStreamEvent(r.Sequence, r.Kind, r.TokenId, r.WorkflowId, r.TokenSequence, r.TransitionId, true, now[r.TokenId]))];
    }

    private static WorkflowStreamEvent Live(TokenEvent e) =>
        new(e.WorkflowSequence, e.Kind, e.TokenId, e.WorkflowId, e.TokenSequence, e.TransitionId, false, e.Token);
}
