using Orleans.Storage;
using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;

namespace CircuitBreaker.Storage;

/// <summary>One write operation run inside a shared transaction; its result is delivered only after the commit.</summary>
/// <param name="session">The writer connection, its cached commands and the batch transaction (the operation may
/// run inside its own savepoint).</param>
internal delegate Task<object?> WriteOperation(WriterSession session);

/// <summary>
/// Group commit: a single loop takes every pending write, runs them in one transaction (each inside its own savepoint,
/// so a conflicting or failing write is undone and fails alone), commits once, then completes each caller's task.
/// One fsync is shared by the whole batch, which is why throughput grows with concurrency.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private const string Savepoint = "cb_write";
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqlDialect _dialect;
    private readonly int _maxBatchSize;
    private readonly Task _loop;
    private WriterSession? _session;

    public GroupCommitWriter(SqlDialect dialect, int maxBatchSize)
    {
        if (maxBatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(maxBatchSize), maxBatchSize, "STORAGE_BATCH_SIZE: must be at least 1.");
        _dialect = dialect;
        _maxBatchSize = maxBatchSize;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues an operation; the task completes after the transaction holding it committed.</summary>
    /// <param name="operation">The operation, run inside its own savepoint.</param>
    /// <param name="batched">The same operation as one self-checking statement, when the dialect can pipeline it.</param>
    /// <param name="cancellationToken">Cancels the operation while it is still queued.</param>
    /// <param name="singleStatement">True when the operation changes data with one statement only, so on a database
    /// whose failed statement leaves the transaction usable (SQLite) it needs no savepoint.</param>
    public async Task<T> EnqueueAsync<T>(WriteOperation operation, IBatchedOperation? batched, bool singleStatement, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = StorageTracing.StartWrite();
        var pending = new Pending(operation, batched, singleStatement && !_dialect.FailedStatementAbortsTransaction, cancellationToken, activity);
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(GroupCommitWriter), "STORAGE_DISPOSED: the storage has been disposed.");
        try
        {
            return (T)(await pending.Completion.Task.ConfigureAwait(false))!;
        }
        catch (Exception e) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    private async Task RunAsync()
    {
        // The loop inherited the context of whoever created the store: its batches belong to no caller's trace.
        Activity.Current = null;
        var batch = new List<Pending>(_maxBatchSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var pending))
            {
                if (pending.CancellationToken.IsCancellationRequested)
                    pending.Completion.TrySetCanceled(pending.CancellationToken);
                else
                    batch.Add(pending);
            }
            if (batch.Count > 0)
                await RunBatchAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task RunBatchAsync(List<Pending> batch)
    {
        // Current while the batch runs, so the database driver's command spans (Npgsql) become its children.
        using var commit = StorageTracing.StartCommit(batch, p => p.Write);
        if (batch.TrueForAll(p => p.Batched is not null) && await TryRunPipelinedAsync(batch).ConfigureAwait(false))
            return;
        if (!_dialect.FailedStatementAbortsTransaction && await TryRunWithoutSavepointsAsync(batch).ConfigureAwait(false))
            return;
        await RunWithSavepointsAsync(batch).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the group in one transaction without a savepoint per write (two statements fewer each). An ETag
    /// conflict is detected before its write changes anything, so it fails alone; any other error rolls the whole
    /// group back and returns false so the savepoint path can isolate the culprit.
    /// </summary>
    private async Task<bool> TryRunWithoutSavepointsAsync(List<Pending> batch)
    {
        var outcomes = new Outcome[batch.Count];
        try
        {
            var session = await SessionAsync().ConfigureAwait(false);
            await using var transaction = await _dialect.BeginWriteAsync(session.Connection, CancellationToken.None).ConfigureAwait(false);
            session.Transaction = transaction;
            try
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    try
                    {
                        outcomes[i] = new Outcome(await batch[i].Operation(session).ConfigureAwait(false), null);
                    }
                    catch (InconsistentStateException conflict)
                    {
                        outcomes[i] = new Outcome(null, conflict);
                    }
                }
            }
            catch (Exception)
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
                return false;
            }
            await transaction.CommitAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Begin or commit failed: nothing of the batch is known durable, so every caller fails (never re-run).
            await ResetConnectionAsync().ConfigureAwait(false);
            foreach (var pending in batch)
                pending.Completion.TrySetException(new StorageException("STORAGE_COMMIT_FAILED: the write transaction failed.", e));
            return true;
        }
        Complete(batch, outcomes);
        return true;
    }

    /// <summary>
    /// Sends the whole group as one pipelined batch in one transaction (one round trip instead of three per write).
    /// Returns false, having rolled back, when the database raised an error: the savepoint path then isolates the culprit.
    /// </summary>
    private async Task<bool> TryRunPipelinedAsync(List<Pending> batch)
    {
        var outcomes = new Outcome[batch.Count];
        DbTransaction? transaction = null;
        try
        {
            try
            {
                var session = await SessionAsync().ConfigureAwait(false);
                transaction = await _dialect.BeginWriteAsync(session.Connection, CancellationToken.None).ConfigureAwait(false);
                await using var command = session.Connection.CreateBatch();
                command.Transaction = transaction;
                foreach (var pending in batch)
                    pending.Batched!.AddTo(command);
                await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (i > 0 && !await reader.NextResultAsync().ConfigureAwait(false))
                        throw new InvalidOperationException("A batched write returned no result set.");
                    var result = await batch[i].Batched!.ReadResultAsync(reader).ConfigureAwait(false);
                    outcomes[i] = result is Exception error ? new Outcome(null, error) : new Outcome(result, null);
                }
            }
            catch (Exception)
            {
                // Nothing was committed: the savepoint path re-runs the group and isolates the failing write.
                await ResetConnectionAsync().ConfigureAwait(false);
                return false;
            }
            try
            {
                await transaction.CommitAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The outcome of a failed COMMIT is unknown, so the group must not be re-run: every caller fails.
                await ResetConnectionAsync().ConfigureAwait(false);
                foreach (var pending in batch)
                    pending.Completion.TrySetException(new StorageException("STORAGE_COMMIT_FAILED: the write transaction failed.", e));
                return true;
            }
        }
        finally
        {
            if (transaction is not null)
                await transaction.DisposeAsync().ConfigureAwait(false);
        }
        Complete(batch, outcomes);
        return true;
    }

    private async Task RunWithSavepointsAsync(List<Pending> batch)
    {
        var outcomes = new Outcome[batch.Count];
        try
        {
            var session = await SessionAsync().ConfigureAwait(false);
            await using var transaction = await _dialect.BeginWriteAsync(session.Connection, CancellationToken.None).ConfigureAwait(false);
            session.Transaction = transaction;
            for (var i = 0; i < batch.Count; i++)
            {
                var savepoint = !batch[i].WithoutSavepoint;
                if (savepoint)
                    await transaction.SaveAsync(Savepoint).ConfigureAwait(false);
                try
                {
                    outcomes[i] = new Outcome(await batch[i].Operation(session).ConfigureAwait(false), null);
                    if (savepoint)
                        await transaction.ReleaseAsync(Savepoint).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Database errors (e.g. a re-used log sequence) reach the caller with a code; ETag conflicts as they are.
                    outcomes[i] = new Outcome(null, e is System.Data.Common.DbException
                        ? new StorageException($"STORAGE_WRITE_FAILED: the database rejected the write: {e.Message}", e)
                        : e);
                    if (savepoint)
                    {
                        await transaction.RollbackAsync(Savepoint).ConfigureAwait(false);
                        await transaction.ReleaseAsync(Savepoint).ConfigureAwait(false);
                    }
                }
            }
            await transaction.CommitAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The transaction did not commit: nothing of the batch is durable, so every caller fails.
            await ResetConnectionAsync().ConfigureAwait(false);
            foreach (var pending in batch)
                pending.Completion.TrySetException(new StorageException("STORAGE_COMMIT_FAILED: the write transaction failed.", e));
            return;
        }
        Complete(batch, outcomes);
    }

    private static void Complete(List<Pending> batch, Outcome[] outcomes)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Error is { } error)
                batch[i].Completion.TrySetException(error);
            else
                batch[i].Completion.TrySetResult(outcomes[i].Result);
        }
    }

    private async ValueTask<WriterSession> SessionAsync() =>
        _session ??= new WriterSession(await _dialect.OpenWriterAsync(CancellationToken.None).ConfigureAwait(false), _dialect);

    private async Task ResetConnectionAsync()
    {
        if (_session is null)
            return;
        try
        {
            await _session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A broken connection may fail to close; it is dropped either way (with its cached commands).
        }
        _session = null;
    }

    /// <summary>Stops accepting writes, commits every pending one, then closes the writer connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await ResetConnectionAsync().ConfigureAwait(false);
    }

    private sealed record Pending(WriteOperation Operation, IBatchedOperation? Batched, bool WithoutSavepoint, CancellationToken CancellationToken, Activity? Write)
    {
        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly record struct Outcome(object? Result, Exception? Error);
}
