namespace CircuitBreaker.Examples.Routing;

/// <summary>A stand-in for the protected downstream service: healthy or failing on demand, counting the calls it gets.</summary>
public sealed class StandInBackend
{
    private int _calls;

    /// <summary>Whether calls succeed.</summary>
    public bool Healthy { get; set; } = true;

    /// <summary>Calls received so far (refused requests never reach it).</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>One call: completes when healthy, throws <see cref="HttpRequestException"/> (a 503) when not.</summary>
    public Task CallAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        return Healthy ? Task.CompletedTask : Task.FromException(new HttpRequestException("503 Service Unavailable (stand-in backend is down)"));
    }
}
