using System.Collections.Concurrent;

namespace CircuitBreaker.Runtime;

/// <summary>The activations of this silo, one per grain id.</summary>
internal sealed class ActivationDirectory
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();

    public int Count => _activations.Count;

    public IEnumerable<GrainActivation> All => _activations.Values;

    public bool TryGet(GrainId id, out GrainActivation activation) => _activations.TryGetValue(id, out activation!);

    public GrainActivation GetOrCreate(GrainId id, GrainClassInfo grainClass, SiloRuntime silo) =>
        _activations.TryGetValue(id, out var existing)
            ? existing
            : _activations.GetOrAdd(id, static (gid, s) => new GrainActivation(s.silo, gid, s.grainClass), (silo, grainClass));

    public void Remove(GrainActivation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.Id, activation));
}
