namespace CircuitBreaker.Runtime;

/// <summary>
/// A named piece of durable grain state. Read on activation; written with an ETag so that
/// a write from a stale activation fails with <see cref="InconsistentStateException"/>.
/// </summary>
/// <typeparam name="TState">A System.Text.Json-serializable class with a parameterless constructor.</typeparam>
public interface IPersistentState<TState> where TState : class, new()
{
    /// <summary>The current state; a fresh <typeparamref name="TState"/> when nothing was stored.</summary>
    TState State { get; set; }

    /// <summary>The ETag of the stored row, or null when nothing is stored.</summary>
    string? Etag { get; }

    /// <summary>True when a row exists in storage.</summary>
    bool RecordExists { get; }

    /// <summary>Reloads the state from storage.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes the state; completes after the storage transaction committed.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the state and, in the same storage transaction, appends <paramref name="append"/> to the grain's
    /// append-only log and replaces its index entry (when <paramref name="index"/> is set).
    /// </summary>
    Task WriteStateAsync(IReadOnlyList<Storage.LogEntry> append, Storage.IndexEntry? index, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="WriteStateAsync(IReadOnlyList{Storage.LogEntry}, Storage.IndexEntry?, CancellationToken)"/> and,
    /// in the same transaction, appends <paramref name="feedEvent"/> (when set) to its feed; returns the event's feed sequence.
    /// </summary>
    Task<long?> WriteStateAsync(IReadOnlyList<Storage.LogEntry> append, Storage.IndexEntry? index, Storage.FeedAppend? feedEvent, CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored row (a no-op when none exists) and resets <see cref="State"/>.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

/// <summary>Marks a constructor parameter of type <see cref="IPersistentState{TState}"/> as the state named <paramref name="stateName"/>.</summary>
/// <param name="stateName">The state's name, unique within the grain class.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName) : Attribute
{
    /// <summary>The state's name.</summary>
    public string StateName { get; } = stateName;
}

/// <summary>
/// A write or clear used an ETag that no longer matches storage: another activation wrote first.
/// The runtime drops the activation that saw it, so the next call reloads the state.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InconsistentStateException(string message, string? storedEtag = null, string? currentEtag = null, Exception? inner = null)
        : base(message, inner)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The ETag found in storage (null when the row is gone).</summary>
    public string? StoredEtag { get; }

    /// <summary>The ETag the writer held.</summary>
    public string? CurrentEtag { get; }
}
