using System.Text.Json;
using CircuitBreaker.Runtime.Storage;

namespace CircuitBreaker.Runtime;

internal interface IPersistentStateLoader
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="IPersistentState{TState}"/> on top of <see cref="IGrainStorage"/>: the state is stored as
/// System.Text.Json; an ETag conflict drops the owning activation after the current call.
/// </summary>
public sealed class PersistentState<TState> : IPersistentState<TState>, IPersistentStateLoader where TState : class, new()
{
    private readonly IGrainStorage _storage;
    private readonly GrainActivation _owner;

    internal PersistentState(IGrainStorage storage, GrainStateId id, GrainActivation owner)
    {
        _storage = storage;
        Id = id;
        _owner = owner;
    }

    /// <summary>The storage row this state maps to.</summary>
    public GrainStateId Id { get; }

    /// <inheritdoc />
    public TState State { get; set; } = new();

    /// <inheritdoc />
    public string? Etag { get; private set; }

    /// <inheritdoc />
    public bool RecordExists { get; private set; }

    /// <inheritdoc />
    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await _storage.ReadAsync(Id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            State = new TState();
            Etag = null;
            RecordExists = false;
            return;
        }
        State = JsonSerializer.Deserialize<TState>(stored.Json) ?? new TState();
        Etag = stored.ETag;
        RecordExists = true;
    }

    /// <inheritdoc />
    public Task WriteStateAsync(CancellationToken cancellationToken = default) =>
        WriteStateAsync([], null, cancellationToken);

    /// <summary>Writes the state and, in the same storage transaction, appends <paramref name="append"/> to the grain's log and replaces its index entry.</summary>
    public Task WriteStateAsync(IReadOnlyList<LogEntry> append, IndexEntry? index, CancellationToken cancellationToken = default) =>
        WriteStateAsync(append, index, null, cancellationToken);

    /// <inheritdoc />
    public async Task<long?> WriteStateAsync(IReadOnlyList<LogEntry> append, IndexEntry? index, FeedAppend? feedEvent, CancellationToken cancellationToken = default)
    {
        var write = new StateWrite(JsonSerializer.Serialize(State)) { Append = append, Index = index, Event = feedEvent };
        try
        {
            var result = await _storage.WriteAsync(Id, write, Etag, cancellationToken).ConfigureAwait(false);
            Etag = result.ETag;
            RecordExists = true;
            return result.EventSequence;
        }
        catch (InconsistentStateException ex)
        {
            _owner.RequestDeactivation(DeactivationReason.InconsistentState(ex.Message));
            throw;
        }
    }

    /// <inheritdoc />
    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _storage.ClearAsync(Id, Etag, cancellationToken).ConfigureAwait(false);
        }
        catch (InconsistentStateException ex)
        {
            _owner.RequestDeactivation(DeactivationReason.InconsistentState(ex.Message));
            throw;
        }
        State = new TState();
        Etag = null;
        RecordExists = false;
    }
}
