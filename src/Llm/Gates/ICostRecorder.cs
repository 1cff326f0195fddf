namespace CircuitBreaker.Llm.Gates;

/// <summary>Keeps a durable record of what each call cost, for analytics over date ranges (the budgets only keep current periods).</summary>
public interface ICostRecorder
{
    /// <summary>Records one charged call; called after the budgets were committed.</summary>
    Task RecordAsync(CostRecord record);
}

/// <summary>One call's cost.</summary>
/// <param name="Scopes">Budget scopes the call was charged to (<c>user:…</c>, <c>project:…</c>, <c>key:…</c>).</param>
/// <param name="Provider">Provider that answered.</param>
/// <param name="Model">Model that answered.</param>
/// <param name="PromptTokens">Input tokens.</param>
/// <param name="CompletionTokens">Output tokens.</param>
/// <param name="Cost">USD charged.</param>
/// <param name="At">When the call ended.</param>
public sealed record CostRecord(IReadOnlyList<string> Scopes, string Provider, string Model, long PromptTokens, long CompletionTokens, decimal Cost, DateTimeOffset At);
