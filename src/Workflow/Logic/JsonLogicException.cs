namespace CircuitBreaker.Workflow.Logic;

/// <summary>A JSON Logic rule could not be compiled (e.g. an unknown operator).</summary>
public sealed class JsonLogicException(string code, string message) : Exception(message)
{
    /// <summary>Stable error code, e.g. <c>unknown_operator</c>.</summary>
    public string Code { get; } = code;
}
