using System.Collections.Concurrent;

namespace CircuitBreaker.Silo;

/// <summary>
/// Work a host starts at boot but does not wait for before it listens (loading example workflows, say), so the
/// first request is answered sooner. <c>/ready</c> answers 503 <c>STARTING</c> until every piece has finished.
/// </summary>
public sealed class StartupWork
{
    private readonly ConcurrentDictionary<string, Task> _work = new();

    /// <summary>Tracks <paramref name="task"/> under <paramref name="name"/> (the name shows in <c>/ready</c> while it runs).</summary>
    public void Track(string name, Task task) => _work[name] = task;

    /// <summary>Names of the pieces still running, sorted.</summary>
    public IReadOnlyList<string> Pending => [.. _work.Where(w => !w.Value.IsCompleted).Select(w => w.Key).Order(StringComparer.Ordinal)];
}
