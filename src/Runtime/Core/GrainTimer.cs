using Microsoft.Extensions.Logging;

namespace CircuitBreaker.Runtime;

/// <summary>
/// A grain timer: each tick is a turn of the activation; the next tick is scheduled only after the
/// previous one completed, so ticks never overlap. Dies with the activation.
/// </summary>
internal sealed class GrainTimer : ActivationWorkItem, IDisposable
{
    private readonly GrainActivation _owner;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly TimeSpan _period;
    private readonly CancellationTokenSource _stopped = new();
    private readonly Timer _timer;

    public GrainTimer(GrainActivation owner, Func<CancellationToken, Task> callback, TimeSpan period)
    {
        _owner = owner;
        _callback = callback;
        _period = period;
        _timer = new Timer(static s => ((GrainTimer)s!).OnDue(), this, Timeout.Infinite, Timeout.Infinite);
    }

    // A timer tick does not keep the grain alive (as in Orleans): only calls do.
    internal override bool KeepsAlive => false;

    public void Start(TimeSpan dueTime) => _timer.Change(dueTime, Timeout.InfiniteTimeSpan);

    private void OnDue()
    {
        if (_stopped.IsCancellationRequested) return;
        if (!_owner.TryEnqueue(this)) Stop();
    }

    internal override async Task RunAsync(GrainActivation activation)
    {
        if (_stopped.IsCancellationRequested) return;
        try { await _callback(_stopped.Token).ConfigureAwait(false); }
        catch (Exception ex) { activation.Silo.Logger.LogWarning(ex, "Timer callback of {Grain} failed", activation.Id); }
    }

    internal override void Finish()
    {
        if (_stopped.IsCancellationRequested || _period == Timeout.InfiniteTimeSpan) return;
        try { _timer.Change(_period, Timeout.InfiniteTimeSpan); }
        catch (ObjectDisposedException) { }
    }

    internal override void Reject(Exception error) => Stop();

    public void Stop()
    {
        if (_stopped.IsCancellationRequested) return;
        _stopped.Cancel();
        _timer.Dispose();
    }

    public void Dispose()
    {
        Stop();
        _owner.RemoveTimer(this);
    }
}
