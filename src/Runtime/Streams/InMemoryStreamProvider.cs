using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CircuitBreaker.Runtime.Streams;

/// <summary>
/// Streams within one process: each publish gets the next per-stream sequence number and is queued to
/// every subscriber in that order; each subscriber gets its own copy and handles events one at a time.
/// </summary>
public sealed class InMemoryStreamProvider(string name = "Default", ILogger<InMemoryStreamProvider>? logger = null) : IStreamProvider
{
    private readonly ConcurrentDictionary<StreamId, object> _streams = new();
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public IAsyncStream<T> GetStream<T>(string streamNamespace, string key)
    {
        ArgumentNullException.ThrowIfNull(streamNamespace);
        ArgumentNullException.ThrowIfNull(key);
        var id = new StreamId(streamNamespace, key);
        var stream = _streams.GetOrAdd(id, static (i, log) => new InMemoryStream<T>(i, log), _logger);
        return stream as IAsyncStream<T> ?? throw new GrainRuntimeException(GrainErrorCodes.StreamTypeMismatch,
            $"Stream {id} carries {stream.GetType().GetGenericArguments()[0].Name}, not {typeof(T).Name}.");
    }

    private sealed class InMemoryStream<T>(StreamId id, ILogger logger) : IAsyncStream<T>
    {
        private readonly Lock _lock = new();
        private Subscription[] _subscribers = [];
        private long _sequence;

        public StreamId Id => id;

        public Task OnNextAsync(T item, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_lock)
            {
                // Sequence and enqueue under one lock: every subscriber sees events in sequence order.
                var ev = new StreamEvent<T>(++_sequence, item, DateTimeOffset.UtcNow);
                foreach (var s in _subscribers) s.Post(ev);
            }
            return Task.CompletedTask;
        }

        public Task<IStreamSubscription> SubscribeAsync(Func<StreamEvent<T>, Task> handler, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(handler);
            var subscription = new Subscription(this, handler);
            lock (_lock) _subscribers = [.. _subscribers, subscription];
            return Task.FromResult<IStreamSubscription>(subscription);
        }

        private void Remove(Subscription subscription)
        {
            lock (_lock) _subscribers = _subscribers.Where(s => s != subscription).ToArray();
        }

        private sealed class Subscription : IStreamSubscription
        {
            private readonly InMemoryStream<T> _stream;
            private readonly Func<StreamEvent<T>, Task> _handler;
            private readonly Channel<StreamEvent<T>> _channel = Channel.CreateUnbounded<StreamEvent<T>>(new UnboundedChannelOptions { SingleReader = true });

            public Subscription(InMemoryStream<T> stream, Func<StreamEvent<T>, Task> handler)
            {
                _stream = stream;
                _handler = handler;
                _ = Task.Run(PumpAsync);
            }

            public Guid Id { get; } = Guid.NewGuid();
            public StreamId StreamId => _stream.Id;

            public void Post(StreamEvent<T> ev) =>
                _channel.Writer.TryWrite(ev with { Item = ValueCopier.Copy(ev.Item) });

            private async Task PumpAsync()
            {
                await foreach (var ev in _channel.Reader.ReadAllAsync().ConfigureAwait(false))
                {
                    try { await _handler(ev).ConfigureAwait(false); }
                    catch (GrainRuntimeException ex) when (ex.Code == GrainErrorCodes.ActivationGone)
                    {
                        await DisposeAsync().ConfigureAwait(false);
                        return;
                    }
                    catch (Exception ex) { _stream.Logger.LogWarning(ex, "Stream {Stream} handler failed on event {Sequence}", _stream.Id, ev.Sequence); }
                }
            }

            public ValueTask DisposeAsync()
            {
                _stream.Remove(this);
                _channel.Writer.TryComplete();
                return ValueTask.CompletedTask;
            }
        }

        private ILogger Logger => logger;
    }
}

/// <summary>Wraps a provider so a grain's subscriptions deliver as turns of its activation and end with it.</summary>
internal sealed class GrainBoundStreamProvider(IStreamProvider inner, GrainActivation activation) : IStreamProvider
{
    public string Name => inner.Name;

    public IAsyncStream<T> GetStream<T>(string streamNamespace, string key) =>
        new GrainBoundStream<T>(inner.GetStream<T>(streamNamespace, key), activation);

    private sealed class GrainBoundStream<T>(IAsyncStream<T> inner, GrainActivation activation) : IAsyncStream<T>
    {
        public StreamId Id => inner.Id;

        public Task OnNextAsync(T item, CancellationToken cancellationToken = default) => inner.OnNextAsync(item, cancellationToken);

        public async Task<IStreamSubscription> SubscribeAsync(Func<StreamEvent<T>, Task> handler, CancellationToken cancellationToken = default)
        {
            var subscription = await inner.SubscribeAsync(ev => activation.RunTurnAsync(() => handler(ev)), cancellationToken).ConfigureAwait(false);
            activation.AddSubscription(subscription);
            return subscription;
        }
    }
}
