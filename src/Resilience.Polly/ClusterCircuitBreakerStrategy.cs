using CircuitBreaker.Grains.Resilience;
using Polly;
using Polly.CircuitBreaker;

namespace CircuitBreaker.Resilience.Polly;

/// <summary>
/// A Polly strategy that asks an <see cref="ICircuitBreakerGrain"/> before each execution and records the outcome and
/// duration after it, so every process using the same breaker id shares one breaker. A refused call is not executed:
/// its outcome is a <see cref="BrokenCircuitException"/> carrying the breaker's retry-after when it is known.
/// </summary>
public sealed class ClusterCircuitBreakerStrategy : ResilienceStrategy
{
    private readonly ICircuitBreakerGrain _breaker;
    private readonly ClusterCircuitBreakerOptions _options;

    /// <summary>Creates the strategy; <paramref name="options"/> must name the grain factory and breaker.</summary>
    public ClusterCircuitBreakerStrategy(ClusterCircuitBreakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Grains is null) throw new ArgumentException("ClusterCircuitBreakerOptions.Grains is required.", nameof(options));
        if (string.IsNullOrWhiteSpace(options.BreakerId)) throw new ArgumentException("ClusterCircuitBreakerOptions.BreakerId is required.", nameof(options));
        _options = options;
        _breaker = options.Grains.GetGrain<ICircuitBreakerGrain>(options.BreakerId);
    }

    /// <inheritdoc />
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        var permit = await _breaker.TryAcquire().ConfigureAwait(context.ContinueOnCapturedContext);
        if (!permit.Permitted)
        {
            var message = $"The cluster circuit breaker '{_options.BreakerId}' is {permit.State}; the call was not made.";
            var refused = permit.RetryAfterMs is { } ms
                ? new BrokenCircuitException(message, TimeSpan.FromMilliseconds(ms))
                : new BrokenCircuitException(message);
            return Outcome.FromException<TResult>(refused);
        }

        var started = _options.TimeProvider.GetTimestamp();
        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        var duration = _options.TimeProvider.GetElapsedTime(started);
        var kind = _options.Classify(outcome.Exception is { } ex ? Outcome.FromException<object?>(ex) : Outcome.FromResult<object?>(outcome.Result));
        await _breaker.Record(kind, duration.TotalMilliseconds).ConfigureAwait(context.ContinueOnCapturedContext);
        return outcome;
    }
}
