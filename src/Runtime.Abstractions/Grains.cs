namespace CircuitBreaker.Runtime;

/// <summary>Marker for every grain interface. Methods of a grain interface return <see cref="Task"/> or <see cref="Task{TResult}"/>.</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key (the only key kind this runtime uses).</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>
/// Hands out typed references to grains. Getting a reference never does I/O; the grain is
/// activated on the silo that owns it when the first call arrives.
/// </summary>
public interface IGrainFactory
{
    /// <summary>Returns a location-transparent reference to the grain <typeparamref name="TGrainInterface"/> with <paramref name="key"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;
}
