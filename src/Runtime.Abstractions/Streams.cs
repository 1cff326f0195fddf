namespace CircuitBreaker.Runtime.Streams;

/// <summary>Identifies a stream: a namespace (e.g. <c>token-events</c>) and a key (e.g. a token id).</summary>
[Immutable]
public readonly record struct StreamId(string Namespace, string Key)
{
    /// <inheritdoc />
    public override string ToString() => $"{Namespace}/{Key}";
}

/// <summary>One event delivered on a stream.</summary>
/// <param name="Sequence">Per-stream sequence number, strictly increasing from 1.</param>
/// <param name="Item">The published item.</param>
/// <param name="Timestamp">When the event was published.</param>
public sealed record StreamEvent<T>(long Sequence, T Item, DateTimeOffset Timestamp);

/// <summary>Hands out streams. Implementations: in-memory (one process) and, later, NATS JetStream.</summary>
public interface IStreamProvider
{
    /// <summary>The provider's name.</summary>
    string Name { get; }

    /// <summary>Returns the stream (<paramref name="streamNamespace"/>, <paramref name="key"/>) carrying items of type <typeparamref name="T"/>. No I/O.</summary>
    IAsyncStream<T> GetStream<T>(string streamNamespace, string key);
}

/// <summary>A stream of <typeparamref name="T"/> items, delivered in publish order to every subscriber.</summary>
public interface IAsyncStream<T>
{
    /// <summary>The stream's identity.</summary>
    StreamId Id { get; }

    /// <summary>Publishes an item; completes once the provider accepted it (not when subscribers processed it).</summary>
    Task OnNextAsync(T item, CancellationToken cancellationToken = default);

    /// <summary>Subscribes <paramref name="handler"/>; events published after this call completes are delivered to it one at a time, in order.</summary>
    Task<IStreamSubscription> SubscribeAsync(Func<StreamEvent<T>, Task> handler, CancellationToken cancellationToken = default);
}

/// <summary>A subscription; disposing it stops delivery.</summary>
public interface IStreamSubscription : IAsyncDisposable
{
    /// <summary>The subscription's id.</summary>
    Guid Id { get; }

    /// <summary>The stream subscribed to.</summary>
    StreamId StreamId { get; }
}
