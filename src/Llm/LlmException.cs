namespace CircuitBreaker.Llm;

/// <summary>A refused LLM request with a stable code and the HTTP status it maps to.</summary>
/// <param name="code">Stable code, e.g. <c>BUDGET_EXCEEDED</c>, <c>MODEL_NOT_FOUND</c>, <c>NO_PROVIDER_AVAILABLE</c>, <c>INVALID_REQUEST</c>.</param>
/// <param name="status">HTTP status.</param>
/// <param name="message">Human-readable reason (never contains a key).</param>
public class LlmException(string code, int status, string message) : Exception(message)
{
    /// <summary>Stable code.</summary>
    public string Code { get; } = code;
    /// <summary>HTTP status.</summary>
    public int Status { get; } = status;
    /// <summary>Extra fields for the error body (scope, remaining, attempts …).</summary>
    public Dictionary<string, object?> Details { get; } = [];
}
