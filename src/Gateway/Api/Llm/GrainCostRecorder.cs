using CircuitBreaker.Grains.Llm;
using CircuitBreaker.Llm.Gates;
using Orleans;

namespace CircuitBreaker.Gateway.Api.Llm;

/// <summary>
/// Writes each charged call to the cost grains of its user and project scopes (one grain per scope and month), so that
/// cost analytics can sum any date range. Key scopes are not recorded: analytics are asked by user and project.
/// </summary>
public sealed class GrainCostRecorder(IGrainFactory grains) : ICostRecorder
{
    /// <inheritdoc />
    public async Task RecordAsync(CostRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var user = IdOf(record.Scopes, "user:");
        var project = IdOf(record.Scopes, "project:");
        var day = DateOnly.FromDateTime(record.At.UtcDateTime);
        var entry = new LlmCostEntry(LlmCostKeys.Day(day), user, project, record.Provider, record.Model, record.PromptTokens, record.CompletionTokens, record.Cost);
        var writes = new List<Task>(2);
        if (user is not null) writes.Add(grains.GetGrain<ILlmCostGrain>(LlmCostKeys.Of("user:" + user, day)).Record(entry));
        if (project is not null) writes.Add(grains.GetGrain<ILlmCostGrain>(LlmCostKeys.Of("project:" + project, day)).Record(entry));
        await Task.WhenAll(writes);
    }

    private static string? IdOf(IReadOnlyList<string> scopes, string prefix) =>
        scopes.FirstOrDefault(s => s.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
}
