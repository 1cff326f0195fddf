using CircuitBreaker.Workflow.Analysis.Coverability;

namespace CircuitBreaker.Workflow.Analysis.WorkflowNets;

/// <summary>How the end of a case is recognised.</summary>
public enum SoundnessMode
{
    /// <summary>Classical workflow net: start with one token in the source place, finish with exactly one token in the sink place.</summary>
    Classical,
    /// <summary>State-machine workflow: start from the net's initial marking, finish when every token sits in one of the net's final places.</summary>
    FinalPlaces,
}

/// <summary>Soundness verdict with a counterexample for each failed condition.</summary>
public sealed record SoundnessReport
{
    /// <summary>The mode used.</summary>
    public required SoundnessMode Mode { get; init; }
    /// <summary>Structural workflow-net check (always filled; only decisive in <see cref="SoundnessMode.Classical"/>).</summary>
    public required WorkflowNetStructure Structure { get; init; }
    /// <summary>True when the verdict is known (the state space fitted the limits and a start/end was defined).</summary>
    public required bool Decided { get; init; }
    /// <summary>Why the verdict is unknown, when <see cref="Decided"/> is false.</summary>
    public string? UndecidedReason { get; init; }
    /// <summary>False with ω places when tokens can pile up without bound (never sound); null when undecided.</summary>
    public bool? Bounded { get; init; }
    /// <summary>Unbounded places with pumping sequences.</summary>
    public IReadOnlyList<UnboundedPlace> UnboundedPlaces { get; init; } = [];
    /// <summary>From every reachable marking a final marking can still be reached.</summary>
    public bool OptionToComplete { get; init; }
    /// <summary>Shortest sequence to a marking from which no final marking is reachable.</summary>
    public Witness? OptionToCompleteCounterexample { get; init; }
    /// <summary>When a final place is marked, no token is left anywhere else.</summary>
    public bool ProperCompletion { get; init; }
    /// <summary>Shortest sequence to a marking with a token in a final place and tokens left behind.</summary>
    public Witness? ProperCompletionCounterexample { get; init; }
    /// <summary>Every transition can fire in some case.</summary>
    public bool NoDeadTransitions { get; init; }
    /// <summary>Transitions that can never fire.</summary>
    public IReadOnlyList<string> DeadTransitions { get; init; } = [];
    /// <summary>Classical mode: the short-circuited net (extra transition sink→source) is live and bounded — van der Aalst's characterisation, computed independently.</summary>
    public bool? ShortCircuitedLiveAndBounded { get; init; }
    /// <summary>Sound: all conditions hold (and, in classical mode, the net is a workflow net).</summary>
    public bool Sound => Decided && Bounded == true && OptionToComplete && ProperCompletion && NoDeadTransitions
        && (Mode != SoundnessMode.Classical || Structure.IsWorkflowNet);
}
