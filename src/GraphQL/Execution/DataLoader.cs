namespace CircuitBreaker.GraphQL.Execution;

/// <summary>
/// Batches loads issued during one execution step: every <see cref="LoadAsync"/> queued before the next scheduler turn is
/// answered by a single call to the batch function; results are cached per key for the request.
/// </summary>
public sealed class DataLoader<TKey, TValue>(
    Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> batch, CancellationToken cancellationToken)
    : IDispatchable where TKey : notnull
{
    /// <summary>When set and returning true, loads are held until <see cref="Dispatch"/> is called (the executor's first pass).</summary>
    internal Func<bool>? HoldWhile { get; set; }

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
            var tcs = new TaskCompletionSource<TValue?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _cache[key] = tcs.Task;
            if (_pending is null)
            {
                _pending = new();
                if (HoldWhile?.Invoke() != true) _ = Task.Run(DispatchWhenQuietAsync, CancellationToken.None);
            }
            _pending[key] = tcs;
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
            work = _pending!;
            _pending = null;
            BatchCount++;
        }
        try
        {
            var results = await batch(work.Keys.ToList(), cancellationToken).ConfigureAwait(false);
            foreach (var (k, tcs) in work) tcs.TrySetResult(results.TryGetValue(k, out var v) ? v : default);
        }
        catch (Exception ex)
        {
            foreach (var tcs in work.Values) tcs.TrySetException(ex);
        }
    }
}

/// <summary>Something the executor can flush after its first synchronous pass.</summary>
internal interface IDispatchable
{
    void Dispatch();
}
