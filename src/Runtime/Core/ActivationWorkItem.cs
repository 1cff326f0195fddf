namespace CircuitBreaker.Runtime;

/// <summary>One unit of work run as a turn of an activation: a call, a timer tick or a stream delivery.</summary>
public abstract class ActivationWorkItem : IThreadPoolWorkItem
{
    private protected ActivationWorkItem() { }

    internal GrainActivation? Activation { get; set; }
    internal TurnMode Mode { get; set; }

    /// <summary>May run alongside any other turn ([AlwaysInterleave]).</summary>
    internal virtual bool AlwaysInterleave => false;
    /// <summary>May run alongside other read-only turns ([ReadOnly]).</summary>
    internal virtual bool IsReadOnly => false;
    /// <summary>Starting this work counts as activity for idle collection.</summary>
    internal virtual bool KeepsAlive => true;
    /// <summary>When the activation goes away first, the work can go to a new activation.</summary>
    internal virtual bool CanForward => false;

    /// <summary>Runs the turn; the turn lasts until the returned task completes. Must not throw.</summary>
    internal abstract Task RunAsync(GrainActivation activation);

    /// <summary>Called after the turn ended and the gate was released (e.g. to reply to the caller).</summary>
    internal virtual void Finish() { }

    /// <summary>Fails the work without running it.</summary>
    internal abstract void Reject(Exception error);

    void IThreadPoolWorkItem.Execute() => _ = Activation!.ExecuteTurnAsync(this);
}

internal enum TurnMode : byte { Exclusive, ReadOnly, Interleaved }

/// <summary>A turn running an arbitrary body on the activation (stream deliveries to grains).</summary>
internal sealed class DelegateTurn(Func<Task> body) : ActivationWorkItem
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _error;

    public Task Completion => _done.Task;

    internal override async Task RunAsync(GrainActivation activation)
    {
        try { await body().ConfigureAwait(false); }
        catch (Exception ex) { _error = ex; }
    }

    internal override void Finish()
    {
        if (_error is null) _done.TrySetResult(); else _done.TrySetException(_error);
    }

    internal override void Reject(Exception error) => _done.TrySetException(error);
}
