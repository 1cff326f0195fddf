namespace CircuitBreaker.Workflow.Analysis.Exploration;

/// <summary>
/// What one analysis may spend: states, memory and wall-clock time. A run that reaches a budget ends with what it found
/// (the report says <c>complete: false</c> and which budget stopped it). Settable so it binds from configuration.
/// </summary>
public sealed class AnalysisBudget
{
    /// <summary>Most distinct markings explored (default 200,000).</summary>
    public int MaxStates { get; set; } = 200_000;

    /// <summary>Most bytes the state store may take, estimated as <see cref="StateBudget"/> does (default 256 MiB).</summary>
    public long MaxMemoryBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Wall-clock time of the whole analysis, every pass together (default 10 s).</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Exploration options for this budget, cancelled by <paramref name="cancellationToken"/>.</summary>
    public ExplorationOptions ToOptions(CancellationToken cancellationToken = default) => new()
    {
        MaxStates = Math.Max(1, MaxStates),
        MaxMemoryBytes = Math.Max(1, MaxMemoryBytes),
        TimeLimit = Deadline < TimeSpan.Zero ? TimeSpan.Zero : Deadline,
        CancellationToken = cancellationToken,
    };

    /// <summary>
    /// The options for a later pass of the same analysis: the time limit shrinks by <paramref name="elapsed"/> (never below
    /// zero, which makes the pass stop at once), so the passes together keep to the deadline.
    /// </summary>
    public static ExplorationOptions Remaining(ExplorationOptions options, TimeSpan elapsed) =>
        options.TimeLimit is { } limit ? options with { TimeLimit = limit > elapsed ? limit - elapsed : TimeSpan.Zero } : options;
}
