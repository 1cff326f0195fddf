using System.Collections.Concurrent;

namespace CircuitBreaker.Runtime;

/// <summary>
/// Runs the tasks of one activation one at a time on the thread pool. Used for grains whose turns may
/// interleave ([Reentrant], [AlwaysInterleave], [ReadOnly]): interleaved turns then alternate at await
/// points but never run in parallel, as in Orleans. Grain code's awaits capture it as TaskScheduler.Current.
/// </summary>
internal sealed class ActivationTaskScheduler : TaskScheduler, IThreadPoolWorkItem
{
    private const int BatchSize = 64;
    [ThreadStatic] private static ActivationTaskScheduler? _executing;
    private readonly ConcurrentQueue<Task> _tasks = new();
    private int _scheduled;

    public override int MaximumConcurrencyLevel => 1;

    protected override void QueueTask(Task task)
    {
        _tasks.Enqueue(task);
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    // Inline only on the thread already draining this scheduler: it holds the activation's "thread".
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        _executing == this && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _tasks.ToArray();

    void IThreadPoolWorkItem.Execute()
    {
        _executing = this;
        try
        {
            for (var i = 0; i < BatchSize && _tasks.TryDequeue(out var task); i++) TryExecuteTask(task);
        }
        finally
        {
            _executing = null;
            // A full fence, not Volatile.Write: a release store may pass the IsEmpty load below (x64 store buffer),
            // so a QueueTask that enqueued and still saw _scheduled == 1 went unseen here and its task sat queued
            // with no worker, hanging the activation (its turn never started, every call behind it timed out).
            Interlocked.Exchange(ref _scheduled, 0);
            if (!_tasks.IsEmpty && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }
}
