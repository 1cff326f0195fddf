namespace CircuitBreaker.GraphQL.Execution;

/// <summary>
/// Batches loads: every <see cref="LoadAsync"/> issued while the executor runs resolvers synchronously (its first pass, and the
/// resolvers a completed batch wakes up) is answered by a single call to the batch function, so each level of a nested query
/// costs one batch per loader. Loads issued outside such a pass are batched once the queue stops growing. Results are cached
/// per key for the request; a failing batch fails every load in it and leaves those keys uncached.
/// </summary>
public sealed class DataLoader<TKey, TValue>(
    Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> batch, CancellationToken cancellationToken)
    : IDispatchable where TKey : notnull
{
    /// <summary>The executor's request: while it holds, loads wait for its flush instead of scheduling their own dispatch.</summary>
    internal IBatchScope? Scope { get; init; }

    private readonly object _gate = new();
    private readonly Dictionary<TKey, Task<TValue?>> _cache = new();
    private Dictionary<TKey, TaskCompletionSource<TValue?>>? _pending;

    /// <summary>Number of batch calls made (for diagnostics and tests).</summary>
    public int BatchCount { get; private set; }

    /// <summary>Loads one key; missing keys yield default.</summary>
    public Task<TValue?> LoadAsync(TKey key)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue(key, out var cached)) return cached;
            // Inside a scope, results are set while the scope holds, so continuations run inline and their loads join the next batch;
            // a stand-alone loader keeps continuations off the thread that completes the batch.
            var tcs = new TaskCompletionSource<TValue?>(Scope is null ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);
            _cache[key] = tcs.Task;
            var first = _pending is null;
            _pending ??= new();
            _pending[key] = tcs;
            // Read under the lock after queuing: a scope that stops holding after this read flushes (and sees this key).
            if (first && Scope?.Holding != true) _ = Task.Run(DispatchWhenQuietAsync, CancellationToken.None);
            return tcs.Task;
        }
    }

    /// <summary>Runs the batch for all queued keys now.</summary>
    public void Dispatch() => _ = DispatchAsync();

    // Later loads come from continuations on pool threads; wait until the queue stops growing across a yield.
    private async Task DispatchWhenQuietAsync()
    {
        var last = -1;
        while (true)
        {
            int count;
            lock (_gate) count = _pending?.Count ?? 0;
            if (count == last) break;
            last = count;
            await Task.Yield();
        }
        await DispatchAsync().ConfigureAwait(false);
    }

    private async Task DispatchAsync()
    {
        Dictionary<TKey, TaskCompletionSource<TValue?>> work;
        lock (_gate)
        {
            if (_pending is null) return;
            work = _pending;
            _pending = null;
            BatchCount++;
        }
        IReadOnlyDictionary<TKey, TValue>? results = null;
        Exception? failure = null;
        try
        {
            results = await batch(work.Keys.ToList(), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The DataLoader batch function returned null.");
        }
        catch (Exception ex)
        {
            failure = ex;
            // As graphql/dataloader does: a failed key is not cached, so a later load retries it.
            lock (_gate) foreach (var k in work.Keys) _cache.Remove(k);
        }
        // Completing the loads wakes their resolvers (inline, inside a scope): the loads those issue are held and flushed together.
        Scope?.Enter();
        try
        {
            foreach (var (k, tcs) in work)
            {
                if (failure is not null) tcs.TrySetException(failure);
                else tcs.TrySetResult(results!.TryGetValue(k, out var v) ? v : default);
            }
        }
        finally
        {
            Scope?.Exit();
        }
    }
}

/// <summary>Something the executor can flush when a synchronous pass ends.</summary>
internal interface IDispatchable
{
    void Dispatch();
}

/// <summary>
/// A request's batching scope: while any pass holds it, loads are queued without dispatching; when the last pass exits, every
/// loader of the request dispatches what it queued (one batch each).
/// </summary>
internal interface IBatchScope
{
    bool Holding { get; }
    void Enter();
    void Exit();
}
