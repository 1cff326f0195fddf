using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;

namespace CircuitBreaker.Grains.Streams;

/// <summary>
/// Orleans' persistent-stream framework over queues held in this process: publishing appends to an in-memory queue and
/// the silo's pulling agents read it, with no queue-grain call and no serialization per event (Orleans' memory streams
/// send every event to a queue grain). Only for a silo that is alone in its cluster (the embedded run): a second silo
/// would not see this one's queues. Events are copied with Orleans' copier, so immutable events are shared, others cloned.
/// </summary>
public sealed class InProcessQueueAdapterFactory : IQueueAdapterFactory, IQueueAdapter
{
    private readonly ConcurrentDictionary<QueueId, ConcurrentQueue<IBatchContainer>> _queues = new();
    private readonly HashRingBasedStreamQueueMapper _mapper;
    private readonly SimpleQueueAdapterCache _cache;
    private readonly DeepCopier _copier;
    private long _sequence;

    private InProcessQueueAdapterFactory(string name, HashRingStreamQueueMapperOptions queues, SimpleQueueCacheOptions cache,
        ILoggerFactory loggers, DeepCopier copier)
    {
        Name = name;
        _mapper = new HashRingBasedStreamQueueMapper(queues, name);
        _cache = new SimpleQueueAdapterCache(cache, name, loggers);
        _copier = copier;
    }

    /// <summary>The factory Orleans calls for provider <paramref name="name"/> (see <c>AddPersistentStreams</c>).</summary>
    public static InProcessQueueAdapterFactory Create(IServiceProvider services, string name) => new(
        name,
        services.GetRequiredService<IOptionsMonitor<HashRingStreamQueueMapperOptions>>().Get(name),
        services.GetRequiredService<IOptionsMonitor<SimpleQueueCacheOptions>>().Get(name),
        services.GetRequiredService<ILoggerFactory>(),
        services.GetRequiredService<DeepCopier>());

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool IsRewindable => false;

    /// <inheritdoc />
    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    /// <inheritdoc />
    public Task<IQueueAdapter> CreateAdapter() => Task.FromResult<IQueueAdapter>(this);

    /// <inheritdoc />
    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    /// <inheritdoc />
    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    /// <inheritdoc />
    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());

    /// <inheritdoc />
    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null) throw new ArgumentException("in-process streams are not rewindable: publish without a sequence token", nameof(token));
        var copied = events.Select(e => (object?)_copier.Copy(e)).ToList();
        var batch = new InProcessBatch(streamId, copied, new EventSequenceTokenV2(Interlocked.Increment(ref _sequence)));
        Queue(_mapper.GetQueueForStream(streamId)).Enqueue(batch);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => new Receiver(Queue(queueId));

    private ConcurrentQueue<IBatchContainer> Queue(QueueId id) => _queues.GetOrAdd(id, _ => new ConcurrentQueue<IBatchContainer>());

    private sealed class Receiver(ConcurrentQueue<IBatchContainer> queue) : IQueueAdapterReceiver
    {
        public Task Initialize(TimeSpan timeout) => Task.CompletedTask;

        public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
        {
            var taken = new List<IBatchContainer>();
            var limit = maxCount < 0 ? int.MaxValue : maxCount;
            while (taken.Count < limit && queue.TryDequeue(out var batch)) taken.Add(batch);
            return Task.FromResult<IList<IBatchContainer>>(taken);
        }

        public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => Task.CompletedTask;

        public Task Shutdown(TimeSpan timeout) => Task.CompletedTask;
    }
}

/// <summary>The events of one publication, as the pulling agent hands them to subscribers.</summary>
internal sealed class InProcessBatch(StreamId streamId, List<object?> events, EventSequenceTokenV2 token) : IBatchContainer
{
    public StreamId StreamId { get; } = streamId;

    public StreamSequenceToken SequenceToken { get; } = token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        events.OfType<T>().Select((e, i) => Tuple.Create(e, (StreamSequenceToken)token.CreateSequenceTokenForEvent(i)));

    public bool ImportRequestContext() => false;
}
