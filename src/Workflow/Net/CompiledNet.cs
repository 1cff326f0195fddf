namespace CircuitBreaker.Workflow.Net;

/// <summary>
/// A workflow definition compiled into index arrays for fast firing. Markings are <c>int[]</c> vectors
/// indexed by place (see <see cref="ToVector"/>); the <see cref="Marking"/> overloads are conveniences.
/// Build it from a definition without validation errors (unknown places throw here).
/// </summary>
public sealed class CompiledNet
{
    private readonly Dictionary<string, int> _placeIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _transitionIndex = new(StringComparer.Ordinal);
    private readonly string[] _places;
    // Flattened arcs: transition t uses [start[t], start[t+1]) of the place/weight arrays.
    private readonly int[] _inStart, _inPlace, _inWeight, _anyStart, _anyPlace, _outStart, _outPlace, _outWeight;
    private readonly bool[] _final;

    /// <summary>Compiles <paramref name="definition"/>.</summary>
    /// <exception cref="ArgumentException">An arc names an unknown place.</exception>
    public CompiledNet(WorkflowDefinition definition)
    {
        Definition = definition;
        _places = definition.Places.Select(p => p.Id).Distinct(StringComparer.Ordinal).ToArray();
        for (var i = 0; i < _places.Length; i++) _placeIndex[_places[i]] = i;
        var n = definition.Transitions.Count;
        for (var t = 0; t < n; t++) _transitionIndex.TryAdd(definition.Transitions[t].Id, t);
        (_inStart, _inPlace, _inWeight) = Flatten(definition.Transitions.Select(t => t.Inputs));
        (_anyStart, _anyPlace, _) = Flatten(definition.Transitions.Select(t => t.AnyOf), merge: false);
        (_outStart, _outPlace, _outWeight) = Flatten(definition.Transitions.Select(t => t.Outputs));
        _final = new bool[_places.Length];
        foreach (var f in definition.FinalPlaces) _final[Index(f)] = true;
    }

    /// <summary>The compiled definition.</summary>
    public WorkflowDefinition Definition { get; }

    /// <summary>Number of places.</summary>
    public int PlaceCount => _places.Length;

    /// <summary>Number of transitions.</summary>
    public int TransitionCount => Definition.Transitions.Count;

    /// <summary>Place id at index <paramref name="i"/>.</summary>
    public string PlaceId(int i) => _places[i];

    /// <summary>Index of a transition, or -1 when unknown.</summary>
    public int TransitionIndex(string transitionId) => _transitionIndex.GetValueOrDefault(transitionId, -1);

    /// <summary>Index of a place, or -1 when unknown.</summary>
    public int PlaceIndex(string placeId) => _placeIndex.GetValueOrDefault(placeId, -1);

    /// <summary>The marking as a vector indexed by place.</summary>
    /// <exception cref="ArgumentException">The marking names a place not in the net.</exception>
    public int[] ToVector(Marking marking)
    {
        var v = new int[_places.Length];
        foreach (var (p, n) in marking) v[Index(p)] = n;
        return v;
    }

    /// <summary>The marking as a vector; false when it names a place not in the net.</summary>
    public bool TryToVector(Marking marking, out int[] vector)
    {
        vector = new int[_places.Length];
        foreach (var (p, n) in marking)
        {
            if (!_placeIndex.TryGetValue(p, out var i)) return false;
            vector[i] = n;
        }
        return true;
    }

    /// <summary>The vector as a <see cref="Marking"/>.</summary>
    public Marking ToMarking(ReadOnlySpan<int> vector)
    {
        var pairs = new List<KeyValuePair<string, int>>();
        for (var i = 0; i < vector.Length; i++)
            if (vector[i] > 0) pairs.Add(new(_places[i], vector[i]));
        return Marking.From(pairs);
    }

    /// <summary>True when transition <paramref name="t"/> may fire in marking <paramref name="m"/>.</summary>
    public bool IsEnabled(int t, ReadOnlySpan<int> m)
    {
        for (var a = _inStart[t]; a < _inStart[t + 1]; a++)
            if (m[_inPlace[a]] < _inWeight[a]) return false;
        var anyEnd = _anyStart[t + 1];
        if (_anyStart[t] == anyEnd) return true;
        for (var a = _anyStart[t]; a < anyEnd; a++)
            if (m[_anyPlace[a]] > 0) return true;
        return false;
    }

    /// <summary>
    /// Fires transition <paramref name="t"/> in place, returning false (and leaving <paramref name="m"/>
    /// untouched) when it is not enabled.
    /// </summary>
    public bool TryFire(int t, Span<int> m)
    {
        if (!IsEnabled(t, m)) return false;
        for (var a = _inStart[t]; a < _inStart[t + 1]; a++) m[_inPlace[a]] -= _inWeight[a];
        for (var a = _anyStart[t]; a < _anyStart[t + 1]; a++)
            if (m[_anyPlace[a]] > 0) { m[_anyPlace[a]]--; break; }
        for (var a = _outStart[t]; a < _outStart[t + 1]; a++) m[_outPlace[a]] += _outWeight[a];
        return true;
    }

    /// <summary>Writes the indexes of the enabled transitions into <paramref name="result"/>; returns how many.</summary>
    public int EnabledTransitions(ReadOnlySpan<int> m, Span<int> result)
    {
        var count = 0;
        for (var t = 0; t < TransitionCount; t++)
            if (IsEnabled(t, m)) result[count++] = t;
        return count;
    }

    /// <summary>The transitions enabled in <paramref name="marking"/>, in definition order.</summary>
    public IReadOnlyList<Transition> EnabledTransitions(Marking marking)
    {
        var v = ToVector(marking);
        var list = new List<Transition>();
        for (var t = 0; t < TransitionCount; t++)
            if (IsEnabled(t, v)) list.Add(Definition.Transitions[t]);
        return list;
    }

    /// <summary>Places (with the tokens still needed) that keep <paramref name="transitionId"/> from firing.</summary>
    public IReadOnlyList<string> MissingInputs(Marking marking, string transitionId)
    {
        var t = Definition.Transitions[RequireTransition(transitionId)];
        var missing = new List<string>();
        foreach (var arc in t.Inputs.GroupBy(a => a.Place))
        {
            var need = arc.Sum(a => a.Weight);
            if (marking[arc.Key] < need) missing.Add(need == 1 ? arc.Key : $"{arc.Key} (needs {need}, has {marking[arc.Key]})");
        }
        if (t.AnyOf.Count > 0 && t.AnyOf.All(a => marking[a.Place] == 0))
            missing.Add("one of " + string.Join(" | ", t.AnyOf.Select(a => a.Place)));
        return missing;
    }

    /// <summary>The result of firing <paramref name="transitionId"/> in <paramref name="marking"/>.</summary>
    /// <exception cref="InvalidOperationException">The transition is not enabled.</exception>
    public FiringResult Fire(Marking marking, string transitionId)
    {
        var t = RequireTransition(transitionId);
        var v = ToVector(marking);
        if (!IsEnabled(t, v))
            throw new InvalidOperationException(
                $"transition '{transitionId}' is not enabled: missing {string.Join(", ", MissingInputs(marking, transitionId))}");
        return FireEnabled(t, v);
    }

    /// <summary>Fires enabled transition <paramref name="t"/> on <paramref name="v"/> (modified in place).</summary>
    internal FiringResult FireEnabled(int t, int[] v)
    {
        var before = (int[])v.Clone();
        TryFire(t, v);
        var consumed = new List<KeyValuePair<string, int>>();
        var produced = new List<KeyValuePair<string, int>>();
        for (var a = _inStart[t]; a < _inStart[t + 1]; a++) consumed.Add(new(_places[_inPlace[a]], _inWeight[a]));
        for (var a = _anyStart[t]; a < _anyStart[t + 1]; a++)
            if (before[_anyPlace[a]] > 0) { consumed.Add(new(_places[_anyPlace[a]], 1)); break; }
        for (var a = _outStart[t]; a < _outStart[t + 1]; a++) produced.Add(new(_places[_outPlace[a]], _outWeight[a]));
        return new FiringResult(ToMarking(v), Marking.From(consumed), Marking.From(produced));
    }

    /// <summary>True when the marking is non-empty and every marked place is final.</summary>
    public bool IsCompleted(Marking marking) =>
        !marking.IsEmpty && marking.Places.All(p => _placeIndex.TryGetValue(p, out var i) && _final[i]);

    private int RequireTransition(string id) =>
        _transitionIndex.TryGetValue(id, out var t) ? t : throw new ArgumentException($"unknown transition '{id}'", nameof(id));

    private int Index(string place) =>
        _placeIndex.TryGetValue(place, out var i) ? i : throw new ArgumentException($"unknown place '{place}'", nameof(place));

    private (int[] Start, int[] Place, int[] Weight) Flatten(IEnumerable<List<Arc>> arcsPerTransition, bool merge = true)
    {
        var start = new List<int> { 0 };
        var places = new List<int>();
        var weights = new List<int>();
        foreach (var arcs in arcsPerTransition)
        {
            // Repeated input places add up so enablement checks the total weight.
            IEnumerable<(int P, int W)> items = merge
                ? arcs.GroupBy(a => a.Place).Select(g => (Index(g.Key), g.Sum(a => a.Weight)))
                : arcs.Select(a => (Index(a.Place), a.Weight));
            foreach (var (p, w) in items) { places.Add(p); weights.Add(w); }
            start.Add(places.Count);
        }
        return ([.. start], [.. places], [.. weights]);
    }
}

/// <summary>The outcome of firing: the new marking and the tokens consumed and produced per place.</summary>
/// <param name="Marking">The marking after firing.</param>
/// <param name="Consumed">Tokens taken per place.</param>
/// <param name="Produced">Tokens added per place.</param>
public sealed record FiringResult(Marking Marking, Marking Consumed, Marking Produced);
