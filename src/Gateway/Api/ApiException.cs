namespace CircuitBreaker.Gateway.Api;

/// <summary>A request refused by the gateway itself (bad JSON, wrong types, unknown ids), with a stable code.</summary>
public sealed class ApiException(int status, string code, string message) : Exception(message)
{
    /// <summary>The HTTP status.</summary>
    public int Status { get; } = status;

    /// <summary>The stable error code (the problem's <c>code</c> extension).</summary>
    public string Code { get; } = code;

    /// <summary>400 with <paramref name="code"/>.</summary>
    public static ApiException BadRequest(string code, string message) => new(StatusCodes.Status400BadRequest, code, message);

    /// <summary>404 with <paramref name="code"/>.</summary>
    public static ApiException NotFound(string code, string message) => new(StatusCodes.Status404NotFound, code, message);
}
