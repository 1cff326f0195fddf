using CircuitBreaker.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Metadata;

namespace CircuitBreaker.Grains.Llm;

/// <summary>
/// <see cref="ILlmCostGrain"/>: one scope's month of per-day sums. A month holds at most 31 days of a few rows each,
/// so the whole state is rewritten per call; the grain is not reentrant, so records never interleave.
/// </summary>
[GrainType("llm-cost")]
public sealed class LlmCostGrain([PersistentState("cost", DocumentStorage.Name)] IPersistentState<LlmCostGrainState> state) : Grain, ILlmCostGrain
{
    /// <inheritdoc />
    public async Task Record(LlmCostEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Cost < 0 || entry.PromptTokens < 0 || entry.CompletionTokens < 0)
            throw new ArgumentOutOfRangeException(nameof(entry), "cost and tokens must not be negative");
        var days = state.State.Days;
        var index = days.FindIndex(d => d.Day == entry.Day);
        var rows = index >= 0 ? [.. days[index].Rows] : new List<LlmCostRowView>();
        var at = rows.FindIndex(r => r.UserId == entry.UserId && r.ProjectId == entry.ProjectId && r.Provider == entry.Provider && r.Model == entry.Model);
        var row = at >= 0 ? rows[at] : new LlmCostRowView(entry.UserId, entry.ProjectId, entry.Provider, entry.Model, 0, 0, 0, 0);
        row = row with
        {
            Requests = row.Requests + 1,
            PromptTokens = row.PromptTokens + entry.PromptTokens,
            CompletionTokens = row.CompletionTokens + entry.CompletionTokens,
            Cost = row.Cost + entry.Cost,
        };
        if (at >= 0) rows[at] = row;
        else rows.Add(row);
        var day = new LlmCostDayView(entry.Day, rows);
        var next = new List<LlmCostDayView>(days);
        if (index >= 0) next[index] = day;
        else next.Add(day);
        next.Sort((a, b) => string.CompareOrdinal(a.Day, b.Day));
        var previous = state.State;
        state.State = new LlmCostGrainState { Days = next };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory must not run ahead of storage.
            state.State = previous;
            throw;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LlmCostDayView>> GetDays() => Task.FromResult<IReadOnlyList<LlmCostDayView>>(state.State.Days);
}
