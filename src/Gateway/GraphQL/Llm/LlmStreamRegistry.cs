using System.Collections.Concurrent;
using System.Threading.Channels;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.Llm.Model;
using CircuitBreaker.Llm.Providers;
using CircuitBreaker.Llm.Routing;

namespace CircuitBreaker.Gateway.GraphQL.Llm;

/// <summary>
/// Streamed completions started over GraphQL, by request id. A start routes the stream (budgets, breakers and fallbacks
/// before the first chunk) and then reads it to its end in the background into an event log, whoever listens, so the
/// budget is committed even when nobody subscribes. <c>llmStream(requestId)</c> replays the log from the start and then
/// follows it live: any number of subscribers, each sees every event once and in order. A stream nobody subscribed to
/// within <see cref="ClaimTimeout"/> is cancelled (what was produced is still charged); a finished log is kept for
/// <see cref="Retention"/> for late subscribers. The log lives in the gateway process that started it.
/// </summary>
public sealed class LlmStreamRegistry(LlmRouter router, TimeProvider? time = null)
{
    private readonly ConcurrentDictionary<string, Entry> _streams = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>How long a started stream waits for its first subscriber before it is cancelled.</summary>
    public TimeSpan ClaimTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a finished stream's events stay available.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Routes <paramref name="request"/> as a stream under <paramref name="requestId"/> (null = a new id) and returns once a
    /// provider sent its first content; router refusals (budget, no provider …) are thrown as <c>LlmException</c>.
    /// </summary>
    public async Task<(string RequestId, RoutedStream Stream)> StartAsync(string? requestId, ChatRequest request, IReadOnlyList<string> scopes, string? tenant)
    {
        var id = requestId ?? "llmreq-" + Guid.NewGuid().ToString("N");
        var entry = new Entry(id, tenant);
        if (!_streams.TryAdd(id, entry))
            throw new GraphQLException($"a stream with request id '{id}' already exists", "LLM_STREAM_EXISTS");
        RoutedStream stream;
        try
        {
            entry.Cancel.CancelAfter(ClaimTimeout);
            stream = await router.StreamAsync(request, scopes, entry.Cancel.Token);
        }
        catch
        {
            _streams.TryRemove(id, out _);
            entry.Cancel.Dispose();
            throw;
        }
        entry.Append(Event(id, "STREAM_START", 0) with { RoutingInfo = LlmGraphQLModels.Routing(stream.Routing) });
        _ = Task.Run(() => PumpAsync(entry, stream));
        return (id, stream);
    }

    /// <summary>The events of a stream visible to <paramref name="tenant"/>: replayed from the start, then live, until its end.</summary>
    public IAsyncEnumerable<object?> Subscribe(string requestId, string? tenant, CancellationToken cancellationToken)
    {
        if (!_streams.TryGetValue(requestId, out var entry) || (tenant is not null && entry.Tenant != tenant))
            throw new GraphQLException($"no LLM stream with request id '{requestId}' on this gateway (unknown, expired, or started on another gateway)", "LLM_STREAM_NOT_FOUND");
        return entry.Attach().ReadAllAsync(cancellationToken);
    }

    private async Task PumpAsync(Entry entry, RoutedStream stream)
    {
        var sequence = 0;
        string? finish = null;
        try
        {
            await foreach (var chunk in stream.Chunks.WithCancellation(entry.Cancel.Token))
            {
                finish = chunk.FinishReason ?? finish;
                if (chunk.ContentDelta is { Length: > 0 } text)
                    entry.Append(Event(entry.Id, "CONTENT_DELTA", ++sequence) with { Delta = text });
                if (chunk.ToolCalls is { Count: > 0 } calls)
                    entry.Append(Event(entry.Id, "FUNCTION_CALL", ++sequence) with
                    {
                        ToolCalls = calls.Select(c => new Dictionary<string, object?> { ["index"] = c.Index, ["id"] = c.Id, ["name"] = c.Name, ["argumentsDelta"] = c.ArgumentsDelta }).ToList(),
                    });
            }
            entry.Append(Event(entry.Id, "STREAM_END", ++sequence) with
            {
                FinishReason = finish,
                IsComplete = true,
                Usage = stream.Usage is { } u ? LlmGraphQLModels.Usage(u, stream.Routing.Cost) : null,
                RoutingInfo = LlmGraphQLModels.Routing(stream.Routing),
            });
        }
        catch (Exception e) when (e is ProviderException or OperationCanceledException)
        {
            // ProviderException messages are redacted by the adapters; a cancelled stream was never claimed.
            var (code, message) = e is ProviderException p ? (p.Code, p.Message) : ("LLM_STREAM_UNCLAIMED", $"nobody subscribed within {ClaimTimeout.TotalSeconds:0} s");
            entry.Append(Event(entry.Id, "STREAM_ERROR", ++sequence) with
            {
                IsComplete = true,
                Error = message,
                ErrorCode = code,
                RoutingInfo = LlmGraphQLModels.Routing(stream.Routing),
            });
        }
        finally
        {
            entry.Complete();
            _ = ForgetLaterAsync(entry);
        }
    }

    private async Task ForgetLaterAsync(Entry entry)
    {
        await Task.Delay(Retention, _time);
        _streams.TryRemove(new KeyValuePair<string, Entry>(entry.Id, entry));
        entry.Cancel.Dispose();
    }

    private LlmStreamEventModel Event(string id, string type, int sequence) => new(type, id, sequence, _time.GetUtcNow());

    /// <summary>One stream's event log and its subscribers.</summary>
    private sealed class Entry(string id, string? tenant)
    {
        private readonly Lock _lock = new();
        private readonly List<LlmStreamEventModel> _events = [];
        private readonly List<ChannelWriter<object?>> _subscribers = [];
        private bool _completed;

        public string Id { get; } = id;
        public string? Tenant { get; } = tenant;
        public CancellationTokenSource Cancel { get; } = new();

        public void Append(LlmStreamEventModel e)
        {
            lock (_lock)
            {
                _events.Add(e);
                foreach (var s in _subscribers) s.TryWrite(e);
            }
        }

        public void Complete()
        {
            lock (_lock)
            {
                _completed = true;
                foreach (var s in _subscribers) s.TryComplete();
                _subscribers.Clear();
            }
        }

        // Under the lock, so that no event is both replayed and delivered live, nor missed between the two.
        public ChannelReader<object?> Attach()
        {
            var channel = Channel.CreateUnbounded<object?>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            lock (_lock)
            {
                foreach (var e in _events) channel.Writer.TryWrite(e);
                if (_completed) channel.Writer.TryComplete();
                else
                {
                    _subscribers.Add(channel.Writer);
                    // Claimed: from now on the stream runs to its end even if this subscriber leaves.
                    Cancel.CancelAfter(Timeout.InfiniteTimeSpan);
                }
            }
            return channel.Reader;
        }
    }
}

/// <summary>An event of a streamed completion as the GraphQL <c>LlmStreamEvent</c> type shows it.</summary>
/// <param name="EventType">STREAM_START, CONTENT_DELTA, FUNCTION_CALL, STREAM_END or STREAM_ERROR.</param>
/// <param name="RequestId">The stream.</param>
/// <param name="Sequence">0 for the start, then 1, 2 …</param>
/// <param name="Timestamp">When the gateway received it.</param>
public sealed record LlmStreamEventModel(string EventType, string RequestId, int Sequence, DateTimeOffset Timestamp)
{
    /// <summary>Text of a content delta.</summary>
    public string? Delta { get; init; }
    /// <summary>Tool-call pieces.</summary>
    public List<Dictionary<string, object?>>? ToolCalls { get; init; }
    /// <summary>Finish reason (at the end).</summary>
    public string? FinishReason { get; init; }
    /// <summary>The last event.</summary>
    public bool IsComplete { get; init; }
    /// <summary>Usage and cost (at the end).</summary>
    public Dictionary<string, object?>? Usage { get; init; }
    /// <summary>Routing (at the start and end).</summary>
    public Dictionary<string, object?>? RoutingInfo { get; init; }
    /// <summary>Failure message.</summary>
    public string? Error { get; init; }
    /// <summary>Failure code.</summary>
    public string? ErrorCode { get; init; }
}
