using Orleans.Concurrency;
using System.Globalization;

namespace CircuitBreaker.Grains.Llm;

/// <summary>
/// The durable cost record of one budget scope for one UTC month (key <see cref="LlmCostKeys.Of"/>, e.g.
/// <c>user:42|2025-01</c>): per day, the calls charged to the scope summed by user, project, provider and model.
/// The budget grains keep only the current day, week and month; this is what date-range analytics read.
/// </summary>
public interface ILlmCostGrain : IGrainWithStringKey
{
    /// <summary>Adds one call; persisted before it answers.</summary>
    Task Record(LlmCostEntry entry);

    /// <summary>The month's days that have calls, oldest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<LlmCostDayView>> GetDays();
}

/// <summary>Grain keys of <see cref="ILlmCostGrain"/>.</summary>
public static class LlmCostKeys
{
    /// <summary>The key of <paramref name="scope"/>'s record for the month of <paramref name="day"/>.</summary>
    public static string Of(string scope, DateOnly day) => scope + "|" + day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>A day as the records write it (<c>yyyy-MM-dd</c>).</summary>
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>One charged call.</summary>
/// <param name="Day">UTC day, <c>yyyy-MM-dd</c>.</param>
/// <param name="UserId">User charged, if any.</param>
/// <param name="ProjectId">Project charged, if any.</param>
/// <param name="Provider">Provider that answered.</param>
/// <param name="Model">Model that answered.</param>
/// <param name="PromptTokens">Input tokens.</param>
/// <param name="CompletionTokens">Output tokens.</param>
/// <param name="Cost">USD.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.LlmCostEntry")]
public sealed record LlmCostEntry(string Day, string? UserId, string? ProjectId, string Provider, string Model, long PromptTokens, long CompletionTokens, decimal Cost);

/// <summary>Calls of one day with the same user, project, provider and model, summed.</summary>
/// <param name="UserId">User.</param>
/// <param name="ProjectId">Project.</param>
/// <param name="Provider">Provider.</param>
/// <param name="Model">Model.</param>
/// <param name="Requests">Calls.</param>
/// <param name="PromptTokens">Input tokens.</param>
/// <param name="CompletionTokens">Output tokens.</param>
/// <param name="Cost">USD.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.LlmCostRowView")]
public sealed record LlmCostRowView(string? UserId, string? ProjectId, string Provider, string Model, long Requests, long PromptTokens, long CompletionTokens, decimal Cost);

/// <summary>One day of a scope's record.</summary>
/// <param name="Day">UTC day, <c>yyyy-MM-dd</c>.</param>
/// <param name="Rows">Sums by user, project, provider and model.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.LlmCostDayView")]
public sealed record LlmCostDayView(string Day, IReadOnlyList<LlmCostRowView> Rows);
