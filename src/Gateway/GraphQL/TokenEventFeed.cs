using CircuitBreaker.Grains;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CircuitBreaker.Gateway.Events;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.Grains.Workflow;
using Orleans;
using Orleans.Streams;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>A token event as the GraphQL <c>TokenEvent</c> type shows it.</summary>
/// <param name="Kind">created, fired, completed, cancelled or updated.</param>
/// <param name="TokenId">The token.</param>
/// <param name="WorkflowId">Its workflow.</param>
/// <param name="Sequence">The position on the subscribed stream: the token's history sequence on a token stream (0 for
/// creation and data updates), the workflow feed sequence on a workflow stream. Resume after it.</param>
/// <param name="TransitionId">The fired transition, if any.</param>
/// <param name="Replayed">True when read back from durable storage rather than delivered live.</param>
/// <param name="Token">The token after the change (for replayed events: the token now).</param>
/// <param name="TokenSequence">The token's history sequence (0 for creation and data updates).</param>
public sealed record TokenEventModel(string Kind, string TokenId, string WorkflowId, long Sequence, string? TransitionId, bool Replayed, TokenView? Token,
    long TokenSequence);

/// <summary>
/// Subscriptions on the grain streams. With <c>afterSequence</c>, a token feed subscribes first (buffering), then
/// replays the durable history after that sequence, then drains the buffer skipping sequences already sent; a
/// workflow feed does the same over the workflow's durable event feed (<see cref="WorkflowEventTail"/>): no gap,
/// no duplicate.
/// </summary>
public sealed class TokenEventFeed(IStreamProvider streams, IGrainFactory grains, WorkflowEventLog workflowEvents)
{
    /// <summary>
    /// Subscribes to a token's stream at once (so nothing published from now on is missed), checks the token, and
    /// returns the events: replayed fires after <paramref name="afterSequence"/> first when it is given, then live ones.
    /// </summary>
    public async ValueTask<IAsyncEnumerable<object?>> OpenTokenAsync(string tokenId, long? afterSequence, string? tenant, CancellationToken cancellationToken)
    {
        InputRules.RequireId(tokenId, "token id");
        if (afterSequence < 0)
            throw new GraphQLException($"afterSequence must be 0 or more, got {afterSequence}", WorkflowErrorCodes.InvalidInput);
        var live = await LiveEvents.OpenAsync(streams.GetStream<TokenEvent>(WorkflowGrainTypes.TokenStream, TenantKeys.Of(tenant, tokenId)), cancellationToken);
        var token = await grains.GetGrain<ITokenGrain>(TenantKeys.Of(tenant, tokenId)).Get();
        if (token is null || (tenant is not null && token.TenantId != tenant))
        {
            await live.DisposeAsync();
            throw new GraphQLException($"token '{tokenId}' not found", WorkflowErrorCodes.TokenNotFound);
        }
        return ReplayThenLive(token, afterSequence, live, cancellationToken);
    }

    /// <summary>
    /// Checks the workflow and subscribes to its stream: events after <paramref name="afterSequence"/> (a workflow feed
    /// sequence) are replayed from the durable feed first when it is given, then live ones follow in sequence order.
    /// </summary>
    public async ValueTask<IAsyncEnumerable<object?>> OpenWorkflowAsync(string workflowId, long? afterSequence, string? tenant, CancellationToken cancellationToken)
    {
        InputRules.RequireId(workflowId, "workflow id");
        if (afterSequence < 0)
            throw new GraphQLException($"afterSequence must be 0 or more, got {afterSequence}", WorkflowErrorCodes.InvalidInput);
        var workflow = await grains.GetGrain<IWorkflowGrain>(TenantKeys.Of(tenant, workflowId)).Get();
        if (workflow is null || (tenant is not null && workflow.TenantId != tenant))
            throw new GraphQLException($"workflow '{workflowId}' not found", WorkflowErrorCodes.WorkflowNotFound);
        var tail = await WorkflowEventTail.OpenAsync(new WorkflowEventTail.Dependencies(streams, workflowEvents, grains), tenant, workflowId, afterSequence, cancellationToken);
        return Follow(tail, cancellationToken);
    }

    private static async IAsyncEnumerable<object?> Follow(WorkflowEventTail tail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var _ = tail;
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var e in await tail.NextAsync(cancellationToken))
                yield return new TokenEventModel(e.Kind, e.TokenId, e.WorkflowId, e.Sequence, e.TransitionId, e.Replayed, e.Token, e.TokenSequence);
        }
    }

    private async IAsyncEnumerable<object?> ReplayThenLive(TokenView token, long? afterSequence, LiveEvents live,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var _ = live;
        var sent = afterSequence ?? 0;
        if (afterSequence is not null)
        {
            var grain = grains.GetGrain<ITokenGrain>(TenantKeys.Of(token.TenantId, token.Id));
            while (true)
            {
                var page = await grain.History(sent, 100);
                foreach (var entry in page.Entries)
                {
                    var kind = entry.TransitionId == "$cancel" ? "cancelled" : "fired";
                    yield return new TokenEventModel(kind, token.Id, token.WorkflowId, entry.Sequence, entry.TransitionId, true, token, entry.Sequence);
                    sent = entry.Sequence;
                }
                if (!page.HasMore || page.Entries.Count == 0) break;
            }
        }
        await foreach (var e in live.Reader.ReadAllAsync(cancellationToken))
        {
            // Orleans may hand a new subscription events published just before it: those are no newer than the token
            // read after subscribing (fires among them are in the replayed history).
            if (e.Token.Version <= token.Version) continue;
            // Fires already replayed from history were also buffered live: skip them.
            if (afterSequence is not null && e.TokenSequence > 0)
            {
                if (e.TokenSequence <= sent) continue;
                sent = e.TokenSequence;
            }
            yield return new TokenEventModel(e.Kind, e.TokenId, e.WorkflowId, e.TokenSequence, e.TransitionId, false, e.Token, e.TokenSequence);
        }
    }

    /// <summary>A stream subscription buffering into a channel until read.</summary>
    private sealed class LiveEvents : IAsyncDisposable
    {
        private readonly Channel<TokenEvent> _buffer = Channel.CreateUnbounded<TokenEvent>(new UnboundedChannelOptions { SingleReader = true });
        private IAsyncDisposable? _subscription;

        public ChannelReader<TokenEvent> Reader => _buffer.Reader;

        public static async Task<LiveEvents> OpenAsync(IAsyncStream<TokenEvent> stream, CancellationToken cancellationToken)
        {
            var live = new LiveEvents();
            live._subscription = await stream.SubscribeItemsAsync(e => { live._buffer.Writer.TryWrite(e); return Task.CompletedTask; }, cancellationToken);
            return live;
        }

        public async ValueTask DisposeAsync()
        {
            _buffer.Writer.TryComplete();
            if (_subscription is not null) await _subscription.DisposeAsync();
        }
    }
}
