using System.Diagnostics;

namespace CircuitBreaker.Runtime;

/// <summary>
/// A call message: target grain, method, arguments and trace parent, plus the reply the caller awaits.
/// A dispatcher delivers it locally (<see cref="LocalGrainCallDispatcher"/>) or, later, over the network,
/// where the reply comes back through <see cref="SetResult"/> / <see cref="SetException"/>.
/// </summary>
public abstract class GrainCall : ActivationWorkItem
{
    private protected GrainCall(GrainMethod method, GrainId target, object?[] arguments, ActivityContext traceParent, TimeSpan timeout)
    {
        Method = method;
        Target = target;
        Arguments = arguments;
        TraceParent = traceParent;
        Timeout = timeout;
    }

    /// <summary>The grain called.</summary>
    public GrainId Target { get; }
    /// <summary>The method called.</summary>
    public GrainMethod Method { get; }
    /// <summary>The arguments (copied once by the local dispatcher).</summary>
    public object?[] Arguments { get; internal set; }
    /// <summary>The caller's trace context (default when the caller had no Activity).</summary>
    public ActivityContext TraceParent { get; }
    /// <summary>How long the caller waits.</summary>
    public TimeSpan Timeout { get; }
    internal bool ArgumentsCopied { get; set; }
    /// <summary>The target's class when the sender already knows it (saves a lookup per call).</summary>
    internal GrainClassInfo? TargetClass { get; set; }

    /// <summary>The task the caller awaits (a Task&lt;T&gt; for methods returning Task&lt;T&gt;).</summary>
    public abstract Task Task { get; }

    /// <summary>Completes the call with a result (boxed; used by remote replies and call filters).</summary>
    public abstract void SetResult(object? result);

    /// <summary>Completes the call with an exception.</summary>
    public abstract void SetException(Exception error);

    /// <summary>Starts the caller-side timeout.</summary>
    internal abstract void StartTimeout();

    /// <summary>When the caller stops waiting (Environment.TickCount64 milliseconds).</summary>
    internal long DeadlineTicks { get; private protected set; } = long.MaxValue;

    /// <summary>Fails the call with a timeout when it is still pending.</summary>
    internal abstract void Expire();

    internal override bool AlwaysInterleave => Method.AlwaysInterleave;
    internal override bool IsReadOnly => Method.IsReadOnly;
    internal override bool CanForward => true;
    internal override void Reject(Exception error) => SetException(error);

    internal TimeoutException CreateTimeoutException() =>
        new($"[{GrainErrorCodes.CallTimedOut}] Call to grain {Target.Type} key '{Target.Key}' method {Method.DisplayName} timed out after {Timeout.TotalMilliseconds:0} ms.");
}

/// <summary>A call whose method returns Task&lt;T&gt; (or Task, with <c>isVoid</c>).</summary>
internal sealed class GrainCall<T> : GrainCall
{
    private static readonly ActivitySource Source = new("CircuitBreaker.Runtime");
    // Replies never run the caller's continuation inline on the grain's thread (or its activation scheduler).
    private readonly TaskCompletionSource<T> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _isVoid;
    private bool _timed;
    private T? _result;
    private Exception? _error;

    public GrainCall(GrainMethod method, GrainId target, object?[] arguments, ActivityContext traceParent, TimeSpan timeout, bool isVoid)
        : base(method, target, arguments, traceParent, timeout) => _isVoid = isVoid;

    public override Task Task => _reply.Task;

    public override void SetResult(object? result)
    {
        if (_reply.TrySetResult((T)result!)) StopTimeout();
    }

    public override void SetException(Exception error)
    {
        if (_reply.TrySetException(error)) StopTimeout();
    }

    internal override void StartTimeout()
    {
        if (Timeout == System.Threading.Timeout.InfiniteTimeSpan || Timeout.TotalMilliseconds >= long.MaxValue / 2) return;
        DeadlineTicks = Environment.TickCount64 + (long)Timeout.TotalMilliseconds;
        _timed = true;
        CallTimeoutSweeper.Register(this);
        if (_reply.Task.IsCompleted) CallTimeoutSweeper.Unregister(this);
    }

    internal override void Expire() => _reply.TrySetException(CreateTimeoutException());

    private void StopTimeout()
    {
        if (_timed) CallTimeoutSweeper.Unregister(this);
    }

    internal override async Task RunAsync(GrainActivation activation)
    {
        var activity = StartActivity();
        try
        {
            var filters = activation.Silo.Filters;
            if (filters.Length == 0)
            {
                var task = Method.Invoker(activation.GrainInstance!, Arguments);
                if (_isVoid) await task.ConfigureAwait(false);
                else _result = ValueCopier.Copy(await ((Task<T>)task).ConfigureAwait(false));
            }
            else
            {
                var context = new IncomingGrainCallContext(activation, this, filters);
                await context.Invoke().ConfigureAwait(false);
                if (!_isVoid) _result = (T)ValueCopier.CopyObject(context.Result, typeof(T))!;
            }
        }
        catch (Exception ex)
        {
            _error = ex;
            if (ex is InconsistentStateException) activation.RequestDeactivation(DeactivationReason.InconsistentState(ex.Message));
        }
        finally
        {
            activity?.Stop();
        }
    }

    internal override void Finish()
    {
        if (_error is not null) SetException(_error);
        else if (_reply.TrySetResult(_result!)) StopTimeout();
    }

    private Activity? StartActivity()
    {
        if (TraceParent == default) return null;
        var activity = Source.StartActivity(Method.DisplayName, ActivityKind.Server, TraceParent);
        if (activity is not null) return activity;
        // No listener: still start one so the grain sees the caller's trace id.
        activity = new Activity(Method.DisplayName);
        activity.SetParentId(TraceParent.TraceId, TraceParent.SpanId, TraceParent.TraceFlags);
        return activity.Start();
    }
}
