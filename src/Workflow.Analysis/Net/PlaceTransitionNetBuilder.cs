namespace CircuitBreaker.Workflow.Analysis.Net;

/// <summary>Builds a <see cref="PlaceTransitionNet"/>; arcs are given by node ids and may go either direction.</summary>
public sealed class PlaceTransitionNetBuilder
{
    private readonly List<(string Id, string Name, int Initial, bool Final)> _places = [];
    private readonly List<(string Id, string Name)> _transitions = [];
    private readonly Dictionary<string, int> _placeIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _transitionIndex = new(StringComparer.Ordinal);
    private readonly List<(string Source, string Target, int Weight)> _arcs = [];

    /// <summary>Creates a builder for a net called <paramref name="id"/>.</summary>
    public PlaceTransitionNetBuilder(string id = "net") => Id = id;

    /// <summary>The net id.</summary>
    public string Id { get; set; }

    /// <summary>Adds a place. Throws <see cref="NetFormatException"/> (NET_DUPLICATE_ID, NET_NEGATIVE_MARKING) on bad input.</summary>
    public PlaceTransitionNetBuilder AddPlace(string id, int initialTokens = 0, string? name = null, bool final = false)
    {
        EnsureNewId(id);
        if (initialTokens < 0) throw new NetFormatException("NET_NEGATIVE_MARKING", $"place '{id}' has a negative initial marking");
        _placeIndex[id] = _places.Count;
        _places.Add((id, name ?? id, initialTokens, final));
        return this;
    }

    /// <summary>Adds a transition.</summary>
    public PlaceTransitionNetBuilder AddTransition(string id, string? name = null)
    {
        EnsureNewId(id);
        _transitionIndex[id] = _transitions.Count;
        _transitions.Add((id, name ?? id));
        return this;
    }

    /// <summary>Adds an arc place→transition or transition→place; parallel arcs add up their weights.</summary>
    public PlaceTransitionNetBuilder AddArc(string source, string target, int weight = 1)
    {
        _arcs.Add((source, target, weight));
        return this;
    }

    /// <summary>Marks an existing place as final.</summary>
    public PlaceTransitionNetBuilder MarkFinal(string placeId)
    {
        if (!_placeIndex.TryGetValue(placeId, out var i)) throw new NetFormatException("NET_UNKNOWN_NODE", $"final place '{placeId}' does not exist");
        _places[i] = _places[i] with { Final = true };
        return this;
    }

    /// <summary>Validates and builds the net.</summary>
    public PlaceTransitionNet Build()
    {
        var inputs = _transitions.Select(_ => new Dictionary<int, int>()).ToArray();
        var outputs = _transitions.Select(_ => new Dictionary<int, int>()).ToArray();
        foreach (var (source, target, weight) in _arcs)
        {
            if (weight <= 0) throw new NetFormatException("NET_BAD_WEIGHT", $"arc {source}->{target} has weight {weight}; weights must be positive");
            if (_placeIndex.TryGetValue(source, out var p) && _transitionIndex.TryGetValue(target, out var t))
                inputs[t][p] = checked(inputs[t].GetValueOrDefault(p) + weight);
            else if (_transitionIndex.TryGetValue(source, out t) && _placeIndex.TryGetValue(target, out p))
                outputs[t][p] = checked(outputs[t].GetValueOrDefault(p) + weight);
            else if (!_placeIndex.ContainsKey(source) && !_transitionIndex.ContainsKey(source))
                throw new NetFormatException("NET_UNKNOWN_NODE", $"arc source '{source}' is neither a place nor a transition");
            else if (!_placeIndex.ContainsKey(target) && !_transitionIndex.ContainsKey(target))
                throw new NetFormatException("NET_UNKNOWN_NODE", $"arc target '{target}' is neither a place nor a transition");
            else
                throw new NetFormatException("NET_BAD_ARC", $"arc {source}->{target} must connect a place and a transition");
        }
        static WeightedArc[] ToArcs(Dictionary<int, int> d) => d.OrderBy(kv => kv.Key).Select(kv => new WeightedArc(kv.Key, kv.Value)).ToArray();
        return new PlaceTransitionNet(
            Id,
            _places.Select(p => p.Id).ToArray(), _places.Select(p => p.Name).ToArray(),
            _transitions.Select(t => t.Id).ToArray(), _transitions.Select(t => t.Name).ToArray(),
            inputs.Select(ToArcs).ToArray(), outputs.Select(ToArcs).ToArray(),
            _places.Select(p => p.Initial).ToArray(),
            _places.Select((p, i) => (p, i)).Where(x => x.p.Final).Select(x => x.i).ToArray());
    }

    private void EnsureNewId(string id)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new NetFormatException("NET_EMPTY_ID", "node ids must not be empty");
        if (_placeIndex.ContainsKey(id) || _transitionIndex.ContainsKey(id))
            throw new NetFormatException("NET_DUPLICATE_ID", $"id '{id}' is used twice");
    }
}
