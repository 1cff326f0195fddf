using CircuitBreaker.Grains;
using CircuitBreaker.Gateway.Events;
using CircuitBreaker.Gateway.Security;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CircuitBreaker.Grains.Resilience;
using Orleans.Streams;

namespace CircuitBreaker.Gateway.GraphQL.Resilience;

/// <summary>
/// Subscriptions on the breaker and budget grain streams. Each subscribes to its stream before it returns (buffering),
/// so every event published after the subscription is established reaches the client, in order.
/// </summary>
public sealed class ResilienceEventFeed(IStreamProvider streams)
{
    /// <summary>State changes of breaker <paramref name="id"/> (<see cref="BreakerStateChanged"/>), live.</summary>
    public async ValueTask<IAsyncEnumerable<object?>> OpenBreakerAsync(string? id, string? tenant, CancellationToken cancellationToken)
    {
        var key = TenantKeys.Breaker(tenant, InputRules.RequireId(id, "breaker id"));
        var live = await Live<BreakerStateChanged>.OpenAsync(streams.GetStream<BreakerStateChanged>(ResilienceStreams.Breaker, key), cancellationToken);
        return live.ReadAsync(e => e, cancellationToken);
    }

    /// <summary>Every commit and limit change of <c>user:{userId}</c> as <see cref="CostUpdateModel"/>, live.</summary>
    public async ValueTask<IAsyncEnumerable<object?>> OpenCostUpdatesAsync(string? userId, string? tenant, CancellationToken cancellationToken)
    {
        var scope = BudgetResolvers.Scopes(userId, null, tenant)[0];
        var live = await Live<BudgetUpdateEvent>.OpenAsync(streams.GetStream<BudgetUpdateEvent>(ResilienceStreams.BudgetUpdates, scope), cancellationToken);
        return live.ReadAsync(e => new CostUpdateModel(userId!, e with { Scope = TenantKeys.NameOf(tenant, e.Scope) }), cancellationToken);
    }

    /// <summary>A stream subscription buffering into a channel until read; ends its subscription when reading stops.</summary>
    private sealed class Live<T> : IAsyncDisposable
    {
        private readonly Channel<T> _buffer = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
        private IAsyncDisposable? _subscription;

        public static async Task<Live<T>> OpenAsync(IAsyncStream<T> stream, CancellationToken cancellationToken)
        {
            var live = new Live<T>();
            live._subscription = await stream.SubscribeItemsAsync(e => { live._buffer.Writer.TryWrite(e); return Task.CompletedTask; }, cancellationToken);
            return live;
        }

        public async IAsyncEnumerable<object?> ReadAsync(Func<T, object?> map, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await using var _ = this;
            await foreach (var e in _buffer.Reader.ReadAllAsync(cancellationToken)) yield return map(e);
        }

        public async ValueTask DisposeAsync()
        {
            _buffer.Writer.TryComplete();
            if (_subscription is not null) await _subscription.DisposeAsync();
        }
    }
}
