using CircuitBreaker.Grains.Llm;

namespace CircuitBreaker.Grains.Llm;

/// <summary>Persisted state of an <see cref="LlmCostGrain"/>: the month's days, oldest first.</summary>
public sealed class LlmCostGrainState
{
    /// <summary>Days with calls.</summary>
    public List<LlmCostDayView> Days { get; set; } = [];
}
