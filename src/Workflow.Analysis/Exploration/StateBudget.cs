namespace CircuitBreaker.Workflow.Analysis.Exploration;

/// <summary>
/// Turns a memory budget into counts the searches can check cheaply: how many states an exploration may store and how
/// many nodes a coverability construction may build. Pure arithmetic over estimates of what each state or node costs.
/// </summary>
public static class StateBudget
{
    /// <summary>
    /// Bytes one explored state costs besides its packed key: up to two hash-table slots (4 bytes each), up to 4 bytes of
    /// BFS link, and six int arrays of the strongly-connected-component pass that follows a complete exploration.
    /// </summary>
    public const int StateOverheadBytes = 8 + 4 + 6 * sizeof(int);

    /// <summary>Bytes one coverability node costs besides its marking (list entries, dictionary entry, array header).</summary>
    public const int NodeOverheadBytes = 64;

    /// <summary>
    /// Estimated bytes per stored state for keys of <paramref name="keyBytes"/> bytes. The key counts twice: the arena
    /// doubles when it grows, so up to half of it may be allocated and unused.
    /// </summary>
    public static long BytesPerState(int keyBytes) => 2L * keyBytes + StateOverheadBytes;

    /// <summary>
    /// The most states an exploration with keys of <paramref name="keyBytes"/> bytes may store under
    /// <paramref name="options"/>, and the reason it stops when it reaches them (state limit or memory budget, whichever is lower).
    /// </summary>
    public static (int States, ExplorationStop Stop) StateCap(ExplorationOptions options, int keyBytes)
    {
        if (options.MaxMemoryBytes is not { } memory) return (options.MaxStates, ExplorationStop.StateLimit);
        var fit = Math.Max(1, memory / BytesPerState(keyBytes));
        return fit < options.MaxStates ? ((int)fit, ExplorationStop.MemoryBudget) : (options.MaxStates, ExplorationStop.StateLimit);
    }

    /// <summary>The node budget of a coverability construction on <paramref name="places"/> places: <paramref name="maxNodes"/>, lowered to what fits in the memory budget.</summary>
    public static int CoverabilityNodes(ExplorationOptions options, int places, int maxNodes)
    {
        if (options.MaxMemoryBytes is not { } memory) return maxNodes;
        var fit = memory / ((long)places * sizeof(int) + NodeOverheadBytes);
        return (int)Math.Clamp(fit, 1, maxNodes);
    }
}
