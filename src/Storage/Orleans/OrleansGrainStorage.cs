using System.Text.Json;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace CircuitBreaker.Storage;

/// <summary>
/// The project's <see cref="IStateStore"/> as an Orleans <see cref="IGrainStorage"/>. Rows are keyed by the grain
/// type name (<c>[GrainType]</c>), the key and the state name. States are stored as System.Text.Json documents (readable
/// in SQL, stable across releases) unless <paramref name="orleansSerializer"/> is given, as for Orleans' own states
/// (stream pub-sub) that only its serializer round-trips. A stale ETag raises <see cref="InconsistentStateException"/>,
/// which makes Orleans deactivate the activation so the next call reloads the state.
/// </summary>
public sealed class OrleansGrainStorage(IStateStore store, Serializer? orleansSerializer = null) : IGrainStorage
{
    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = await store.ReadAsync(Id(stateName, grainId)).ConfigureAwait(false);
        if (stored is null)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.State = Deserialize<T>(stored.Json);
        grainState.ETag = stored.ETag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var carrier = grainState.State as StateWithSideWrites;
        var side = carrier?.Pending;
        if (carrier is not null) carrier.Pending = null;
        var write = new StateWrite(Serialize(grainState.State));
        if (side is not null)
            write = write with { Append = side.Append, Index = side.Index, Event = side.Event };
        StateWriteResult result;
        try
        {
            result = await store.WriteAsync(Id(stateName, grainId), write, grainState.ETag).ConfigureAwait(false);
        }
        catch (StorageException ex) when (ex.InnerException is not null)
        {
            // The driver's exception (Npgsql, SQLite) cannot cross a grain call; its message is in ours.
            throw new StorageException(ex.Message);
        }
        grainState.ETag = result.ETag;
        grainState.RecordExists = true;
        if (carrier is not null) carrier.CommittedEventSequence = result.EventSequence;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await store.ClearAsync(Id(stateName, grainId), grainState.ETag).ConfigureAwait(false);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    /// <summary>The store row of a grain's state.</summary>
    public static GrainStateId Id(string stateName, GrainId grainId) => new(grainId.Type.ToString()!, grainId.Key.ToString()!, stateName);

    private string Serialize<T>(T state) => orleansSerializer is null
        ? JsonSerializer.Serialize(state)
        : JsonSerializer.Serialize(Convert.ToBase64String(orleansSerializer.SerializeToArray(state)));

    private T Deserialize<T>(string json) => orleansSerializer is null
        ? JsonSerializer.Deserialize<T>(json) ?? Activator.CreateInstance<T>()
        : orleansSerializer.Deserialize<T>(Convert.FromBase64String(JsonSerializer.Deserialize<string>(json)!))!;
}
