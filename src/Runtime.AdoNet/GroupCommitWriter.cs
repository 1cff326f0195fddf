using System.Data.Common;
using System.Threading.Channels;

namespace CircuitBreaker.Runtime.AdoNet;

/// <summary>One write operation run inside a shared transaction; its result is delivered only after the commit.</summary>
/// <param name="connection">The writer connection.</param>
/// <param name="transaction">The batch transaction; the operation runs inside its own savepoint.</param>
internal delegate Task<object?> WriteOperation(DbConnection connection, DbTransaction transaction);

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
    private DbConnection? _connection;

    public GroupCommitWriter(SqlDialect dialect, int maxBatchSize)
    {
        if (maxBatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(maxBatchSize), maxBatchSize, "STORAGE_BATCH_SIZE: must be at least 1.");
        _dialect = dialect;
        _maxBatchSize = maxBatchSize;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues an operation; the task completes after the transaction holding it committed.</summary>
    public async Task<T> EnqueueAsync<T>(WriteOperation operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(operation, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(GroupCommitWriter), "STORAGE_DISPOSED: the storage has been disposed.");
        return (T)(await pending.Completion.Task.ConfigureAwait(false))!;
    }

    private async Task RunAsync()
    {
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
        var outcomes = new Outcome[batch.Count];
        try
        {
            _connection ??= await _dialect.OpenWriterAsync(CancellationToken.None).ConfigureAwait(false);
            await using var transaction = await _dialect.BeginWriteAsync(_connection, CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                await transaction.SaveAsync(Savepoint).ConfigureAwait(false);
                try
                {
                    outcomes[i] = new Outcome(await batch[i].Operation(_connection, transaction).ConfigureAwait(false), null);
                    await transaction.ReleaseAsync(Savepoint).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    outcomes[i] = new Outcome(null, e);
                    await transaction.RollbackAsync(Savepoint).ConfigureAwait(false);
                    await transaction.ReleaseAsync(Savepoint).ConfigureAwait(false);
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
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Error is { } error)
                batch[i].Completion.TrySetException(error);
            else
                batch[i].Completion.TrySetResult(outcomes[i].Result);
        }
    }

    private async Task ResetConnectionAsync()
    {
        if (_connection is null)
            return;
        try
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A broken connection may fail to close; it is dropped either way.
        }
        _connection = null;
    }

    /// <summary>Stops accepting writes, commits every pending one, then closes the writer connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await ResetConnectionAsync().ConfigureAwait(false);
    }

    private sealed record Pending(WriteOperation Operation, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly record struct Outcome(object? Result, Exception? Error);
}
