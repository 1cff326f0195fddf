using Orleans.Streams;

namespace CircuitBreaker.Grains;

/// <summary>Subscriptions to Orleans streams from gateway code (outside grains): one handler per item, disposed to unsubscribe.</summary>
public static class StreamSubscriptions
{
    /// <summary>Subscribes <paramref name="handler"/>; items published after this completes reach it one at a time, in order.</summary>
    public static async Task<IAsyncDisposable> SubscribeItemsAsync<T>(this IAsyncStream<T> stream, Func<T, Task> handler, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var handle = await stream.SubscribeAsync((item, _) => handler(item));
        return new Subscription<T>(handle);
    }

    private sealed class Subscription<T>(StreamSubscriptionHandle<T> handle) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // A subscriber that goes away while the cluster is unreachable or stopping has nothing left to undo:
            // the pub-sub entry of a vanished client is dropped by Orleans.
            try { await handle.UnsubscribeAsync(); }
            catch (Exception ex) when (ex is not OutOfMemoryException) { }
        }
    }
}
