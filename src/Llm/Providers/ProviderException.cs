namespace CircuitBreaker.Llm.Providers;

/// <summary>A failed provider call; the message is the provider's own (key redacted).</summary>
public sealed class ProviderException(string provider, int status, string code, string message, bool retryable, TimeSpan? retryAfter = null)
    : Exception(message)
{
    /// <summary>Provider id.</summary>
    public string Provider { get; } = provider;
    /// <summary>HTTP status (0 for timeouts and connection errors).</summary>
    public int Status { get; } = status;
    /// <summary>Stable code: <c>PROVIDER_HTTP_ERROR</c>, <c>PROVIDER_TIMEOUT</c>, <c>PROVIDER_UNREACHABLE</c>, <c>PROVIDER_BAD_RESPONSE</c>.</summary>
    public string Code { get; } = code;
    /// <summary>Whether another candidate should be tried (429, 408, 409, 5xx, timeouts, connection errors).</summary>
    public bool Retryable { get; } = retryable;
    /// <summary>The provider's <c>Retry-After</c>, when given.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Whether an HTTP status should move on to the next candidate.</summary>
    public static bool IsRetryableStatus(int status) => status is 408 or 409 or 425 or 429 || status >= 500;
}
