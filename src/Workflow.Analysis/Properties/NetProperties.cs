namespace CircuitBreaker.Workflow.Analysis.Properties;

/// <summary>A place's bound with the shortest sequence reaching it.</summary>
/// <remarks>
/// The witness is built when first read: a witness per place is as long as the path to it, so building them all up
/// front costs places × depth (a 2,000-place chain made a 30 MB report); the graph's BFS links rebuild any one of them.
/// </remarks>
/// <param name="place">Place id.</param>
/// <param name="bound">Largest token count in any reachable marking.</param>
/// <param name="witness">Builds the shortest firing sequence to a marking where the bound is reached.</param>
public sealed class PlaceBound(string place, int bound, Func<Witness> witness)
{
    private readonly Lazy<Witness> _witness = new(witness);
    /// <summary>Place id.</summary>
    public string Place => place;
    /// <summary>Largest token count in any reachable marking.</summary>
    public int Bound => bound;
    /// <summary>Shortest firing sequence to a marking where the bound is reached (built on first read).</summary>
    public Witness Witness => _witness.Value;
}

/// <summary>A reachable marking that enables nothing.</summary>
/// <param name="IsFinal">True when every token sits in a final place (a proper end, not a real deadlock).</param>
/// <param name="Witness">Shortest firing sequence into the marking.</param>
public sealed record DeadMarking(bool IsFinal, Witness Witness);

/// <summary>A transition that is not live, with a marking from which it can never fire again.</summary>
/// <remarks>The witness is built when first read, for the reason given on <see cref="PlaceBound"/>.</remarks>
/// <param name="transition">Transition id.</param>
/// <param name="witness">Builds the shortest sequence to a marking from which no continuation fires the transition.</param>
public sealed class NonLiveTransition(string transition, Func<Witness> witness)
{
    private readonly Lazy<Witness> _witness = new(witness);
    /// <summary>Transition id.</summary>
    public string Transition => transition;
    /// <summary>Shortest sequence to a marking from which no continuation fires the transition (built on first read).</summary>
    public Witness Witness => _witness.Value;
}

/// <summary>Behavioural properties of a bounded net, computed from its complete reachability graph.</summary>
public sealed record NetProperties
{
    /// <summary>Number of reachable markings.</summary>
    public required int States { get; init; }
    /// <summary>Number of firings between reachable markings (parallel firings of different transitions count separately).</summary>
    public required long Edges { get; init; }
    /// <summary>Largest token count of any place in any reachable marking (the net is k-bounded for this k).</summary>
    public required int MaxTokensInPlace { get; init; }
    /// <summary>Largest total token count of a reachable marking.</summary>
    public required int MaxTokensPerMarking { get; init; }
    /// <summary>Bound of each place with a witness.</summary>
    public required IReadOnlyList<PlaceBound> PlaceBounds { get; init; }
    /// <summary>True when no place ever holds more than one token.</summary>
    public bool OneSafe => MaxTokensInPlace <= 1;
    /// <summary>True when some reachable marking enables no transition (final markings included).</summary>
    public bool Deadlock => DeadMarkings.Count > 0;
    /// <summary>True when some dead marking is not a final marking.</summary>
    public bool RealDeadlock => DeadMarkings.Any(d => !d.IsFinal);
    /// <summary>Dead markings (at most <see cref="PropertyAnalyzer.MaxListedDeadMarkings"/> listed), nearest first.</summary>
    public required IReadOnlyList<DeadMarking> DeadMarkings { get; init; }
    /// <summary>Total number of dead markings.</summary>
    public required int DeadMarkingCount { get; init; }
    /// <summary>Transitions that are never enabled.</summary>
    public required IReadOnlyList<string> DeadTransitions { get; init; }
    /// <summary>True when every transition can fire from some reachable marking.</summary>
    public bool QuasiLive => DeadTransitions.Count == 0;
    /// <summary>True when every transition can fire again from every reachable marking.</summary>
    public required bool Live { get; init; }
    /// <summary>Non-live transitions with witnesses (empty when live).</summary>
    public required IReadOnlyList<NonLiveTransition> NonLiveTransitions { get; init; }
    /// <summary>Places whose token count is the same in every reachable marking.</summary>
    public required IReadOnlyList<string> StablePlaces { get; init; }
    /// <summary>True when some place is stable.</summary>
    public bool StableMarking => StablePlaces.Count > 0;
    /// <summary>True when the initial marking can be reached again from every reachable marking.</summary>
    public required bool Reversible { get; init; }
    /// <summary>A marking reachable from every reachable marking, or null when none exists.</summary>
    public required Witness? HomeMarking { get; init; }
    /// <summary>Number of terminal strongly connected components of the reachability graph.</summary>
    public required int TerminalComponents { get; init; }
}
