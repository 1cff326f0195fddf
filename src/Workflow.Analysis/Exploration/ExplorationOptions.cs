namespace CircuitBreaker.Workflow.Analysis.Exploration;

/// <summary>Limits and hooks for a state-space exploration.</summary>
public sealed record ExplorationOptions
{
    /// <summary>Stop after this many distinct markings (default 10 million).</summary>
    public int MaxStates { get; init; } = 10_000_000;

    /// <summary>
    /// Stop before the state store (markings, hash table, BFS links and the per-state arrays of the later passes) would
    /// outgrow this many bytes (default: no budget). See <see cref="StateBudget"/>.
    /// </summary>
    public long? MaxMemoryBytes { get; init; }

    /// <summary>Stop after this much wall-clock time (default: no limit).</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Stops the run early; the partial result says <see cref="ExplorationStop.Cancelled"/>.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Receives a report about every <see cref="ProgressInterval"/>.</summary>
    public IProgress<ExplorationProgress>? Progress { get; init; }

    /// <summary>How often progress is reported (default 1 s).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Node budget of the coverability (Karp–Miller) construction used to decide boundedness.</summary>
    public int MaxCoverabilityNodes { get; init; } = 20_000;
}

/// <summary>Snapshot of a running exploration.</summary>
/// <param name="StatesFound">Distinct markings stored so far.</param>
/// <param name="StatesExpanded">Markings whose successors were generated.</param>
/// <param name="Edges">Firings seen so far.</param>
/// <param name="Elapsed">Time since the start.</param>
public readonly record struct ExplorationProgress(int StatesFound, int StatesExpanded, long Edges, TimeSpan Elapsed);

/// <summary>Why an exploration ended.</summary>
public enum ExplorationStop
{
    /// <summary>Every reachable marking was expanded.</summary>
    Completed,
    /// <summary><see cref="ExplorationOptions.MaxStates"/> was reached.</summary>
    StateLimit,
    /// <summary><see cref="ExplorationOptions.TimeLimit"/> elapsed.</summary>
    TimeLimit,
    /// <summary><see cref="ExplorationOptions.MaxMemoryBytes"/> would have been exceeded.</summary>
    MemoryBudget,
    /// <summary>The cancellation token fired.</summary>
    Cancelled,
    /// <summary>A place exceeded the widest supported field (2^31-1 tokens) or the current layout and no wider one was allowed.</summary>
    TokenOverflow,
}
