namespace CircuitBreaker.Workflow.Analysis.Net;

/// <summary>
/// An immutable place/transition net: places and transitions indexed from 0, weighted input (pre) and
/// output (post) arcs per transition, an initial marking and optional final places. Build it with
/// <see cref="PlaceTransitionNetBuilder"/>.
/// </summary>
public sealed class PlaceTransitionNet
{
    internal PlaceTransitionNet(
        string id,
        string[] placeIds, string[] placeNames, string[] transitionIds, string[] transitionNames,
        WeightedArc[][] inputs, WeightedArc[][] outputs, int[] initialMarking, int[] finalPlaces)
    {
        Id = id;
        PlaceIds = placeIds;
        PlaceNames = placeNames;
        TransitionIds = transitionIds;
        TransitionNames = transitionNames;
        InputArcs = inputs;
        OutputArcs = outputs;
        Initial = initialMarking;
        Final = finalPlaces;
        DeltaPlaces = new int[inputs.Length][];
        DeltaValues = new int[inputs.Length][];
        for (var t = 0; t < inputs.Length; t++)
        {
            var delta = new SortedDictionary<int, int>();
            foreach (var a in inputs[t]) delta[a.Place] = delta.GetValueOrDefault(a.Place) - a.Weight;
            foreach (var a in outputs[t]) delta[a.Place] = delta.GetValueOrDefault(a.Place) + a.Weight;
            var changed = delta.Where(kv => kv.Value != 0).ToArray();
            DeltaPlaces[t] = changed.Select(kv => kv.Key).ToArray();
            DeltaValues[t] = changed.Select(kv => kv.Value).ToArray();
        }
    }

    internal readonly WeightedArc[][] InputArcs;
    internal readonly WeightedArc[][] OutputArcs;
    internal readonly int[] Initial;
    internal readonly int[] Final;
    // Net token change per transition restricted to places that actually change; used when firing packed markings.
    internal readonly int[][] DeltaPlaces;
    internal readonly int[][] DeltaValues;

    /// <summary>Identifier of the net (PNML net id or file name).</summary>
    public string Id { get; }
    /// <summary>Place identifiers, by index.</summary>
    public IReadOnlyList<string> PlaceIds { get; }
    /// <summary>Human-readable place names, by index (the id when no name was given).</summary>
    public IReadOnlyList<string> PlaceNames { get; }
    /// <summary>Transition identifiers, by index.</summary>
    public IReadOnlyList<string> TransitionIds { get; }
    /// <summary>Human-readable transition names, by index.</summary>
    public IReadOnlyList<string> TransitionNames { get; }
    /// <summary>Number of places.</summary>
    public int PlaceCount => PlaceIds.Count;
    /// <summary>Number of transitions.</summary>
    public int TransitionCount => TransitionIds.Count;
    /// <summary>Initial token count per place.</summary>
    public IReadOnlyList<int> InitialMarking => Initial;
    /// <summary>Indices of final places (empty when the net declares none).</summary>
    public IReadOnlyList<int> FinalPlaces => Final;
    /// <summary>Input arcs (place, weight) of transition <paramref name="transition"/>.</summary>
    public IReadOnlyList<WeightedArc> Inputs(int transition) => InputArcs[transition];
    /// <summary>Output arcs (place, weight) of transition <paramref name="transition"/>.</summary>
    public IReadOnlyList<WeightedArc> Outputs(int transition) => OutputArcs[transition];

    /// <summary>Index of the place with id <paramref name="placeId"/>, or -1.</summary>
    public int PlaceIndex(string placeId) => Array.IndexOf((string[])PlaceIds, placeId);
    /// <summary>Index of the transition with id <paramref name="transitionId"/>, or -1.</summary>
    public int TransitionIndex(string transitionId) => Array.IndexOf((string[])TransitionIds, transitionId);

    /// <summary>True when <paramref name="transition"/> is enabled in <paramref name="marking"/>.</summary>
    public bool IsEnabled(int transition, ReadOnlySpan<int> marking)
    {
        foreach (var a in InputArcs[transition])
            if (marking[a.Place] < a.Weight) return false;
        return true;
    }

    /// <summary>Fires <paramref name="transition"/> in place on <paramref name="marking"/> (the caller checked enabledness).</summary>
    public void Fire(int transition, Span<int> marking)
    {
        var places = DeltaPlaces[transition];
        var values = DeltaValues[transition];
        for (var i = 0; i < places.Length; i++) marking[places[i]] += values[i];
    }

    /// <summary>A copy of this net with a different initial marking.</summary>
    public PlaceTransitionNet WithInitialMarking(IReadOnlyList<int> marking)
    {
        if (marking.Count != PlaceCount) throw new ArgumentException("marking length must equal the place count", nameof(marking));
        if (marking.Any(v => v < 0)) throw new ArgumentException("token counts cannot be negative", nameof(marking));
        return new PlaceTransitionNet(Id, (string[])PlaceIds, (string[])PlaceNames, (string[])TransitionIds, (string[])TransitionNames,
            InputArcs, OutputArcs, marking.ToArray(), Final);
    }

    /// <summary>Renders a marking sparsely, e.g. <c>{p1: 1, p3: 2}</c>.</summary>
    public string FormatMarking(IReadOnlyList<int> marking)
    {
        var parts = new List<string>();
        for (var p = 0; p < marking.Count; p++)
            if (marking[p] != 0) parts.Add(marking[p] == int.MaxValue ? $"{PlaceIds[p]}: ω" : $"{PlaceIds[p]}: {marking[p]}");
        return "{" + string.Join(", ", parts) + "}";
    }
}
