using System.Collections.Concurrent;

namespace CircuitBreaker.Llm.Routing;

/// <summary>What the planner may know about recent calls.</summary>
public interface IRouteStats
{
    /// <summary>Moving-average latency of whole calls to <paramref name="candidateKey"/> (<c>provider/model</c>), ms.</summary>
    double? LatencyMs(string candidateKey);
    /// <summary>Moving-average time to first token, ms.</summary>
    double? TimeToFirstTokenMs(string candidateKey);
    /// <summary>Calls now in flight at <paramref name="provider"/>.</summary>
    int InFlight(string provider);
    /// <summary>Until when <paramref name="provider"/> asked not to be called (its <c>Retry-After</c>).</summary>
    DateTimeOffset? CoolingDownUntil(string provider);
}

/// <summary>Thread-safe exponential moving averages of latency and time to first token, in-flight counts and Retry-After cool-downs.</summary>
/// <param name="alpha">Weight of the newest sample (0, 1].</param>
public sealed class RouteStats(double alpha = 0.3) : IRouteStats
{
    private readonly ConcurrentDictionary<string, double> _latency = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, double> _ttft = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, StrongBox> _inFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _coolDown = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, double> _providerLatency = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ProviderHealth> _health = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public double? LatencyMs(string candidateKey) => _latency.TryGetValue(candidateKey, out var v) ? v : null;

    /// <inheritdoc />
    public double? TimeToFirstTokenMs(string candidateKey) => _ttft.TryGetValue(candidateKey, out var v) ? v : null;

    /// <inheritdoc />
    public int InFlight(string provider) => _inFlight.TryGetValue(provider, out var b) ? Volatile.Read(ref b.Value) : 0;

    /// <inheritdoc />
    public DateTimeOffset? CoolingDownUntil(string provider) => _coolDown.TryGetValue(provider, out var v) ? v : null;

    /// <summary>Adds a latency sample (also to the provider's average).</summary>
    public void RecordLatency(string candidateKey, double ms)
    {
        _latency.AddOrUpdate(candidateKey, ms, (_, old) => old + alpha * (ms - old));
        var slash = candidateKey.IndexOf('/');
        if (slash > 0) _providerLatency.AddOrUpdate(candidateKey[..slash], ms, (_, old) => old + alpha * (ms - old));
    }

    /// <summary>Moving-average latency of whole calls to any model of <paramref name="provider"/>, ms.</summary>
    public double? ProviderLatencyMs(string provider) => _providerLatency.TryGetValue(provider, out var v) ? v : null;

    /// <summary>Counts an attempt's outcome: <paramref name="error"/> null for a success (resets the run of failures), else the (redacted) reason.</summary>
    public void RecordOutcome(string provider, string? error) => _health.AddOrUpdate(provider,
        _ => error is null ? new ProviderHealth(0, null, null) : new ProviderHealth(1, error, DateTimeOffset.UtcNow),
        (_, old) => error is null ? old with { ConsecutiveFailures = 0 } : new ProviderHealth(old.ConsecutiveFailures + 1, error, DateTimeOffset.UtcNow));

    /// <summary>Failures in a row and the last failure seen by this process for <paramref name="provider"/>.</summary>
    public ProviderHealth HealthOf(string provider) => _health.TryGetValue(provider, out var h) ? h : new ProviderHealth(0, null, null);

    /// <summary>Adds a time-to-first-token sample.</summary>
    public void RecordTimeToFirstToken(string candidateKey, double ms) => _ttft.AddOrUpdate(candidateKey, ms, (_, old) => old + alpha * (ms - old));

    /// <summary>Counts a call starting; dispose the result when it ends.</summary>
    public IDisposable Begin(string provider)
    {
        var box = _inFlight.GetOrAdd(provider, _ => new StrongBox());
        Interlocked.Increment(ref box.Value);
        return new Ending(box);
    }

    /// <summary>Remembers a provider's Retry-After.</summary>
    public void CoolDown(string provider, DateTimeOffset until) => _coolDown.AddOrUpdate(provider, until, (_, old) => until > old ? until : old);

    private sealed class StrongBox
    {
        public int Value;
    }

    private sealed class Ending(StrongBox box) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) Interlocked.Decrement(ref box.Value);
        }
    }
}

/// <summary>What one process saw of a provider's recent attempts.</summary>
/// <param name="ConsecutiveFailures">Failed attempts since the last success.</param>
/// <param name="LastError">Reason of the last failed attempt (redacted provider message).</param>
/// <param name="LastErrorAt">When it failed.</param>
public sealed record ProviderHealth(int ConsecutiveFailures, string? LastError, DateTimeOffset? LastErrorAt);
