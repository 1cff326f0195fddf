namespace CircuitBreaker.Workflow;

/// <summary>A document (workflow, rule, condition) is malformed; <see cref="Path"/> says where.</summary>
public sealed class WorkflowFormatException(string code, string path, string message)
    : Exception(path.Length == 0 ? message : $"{path}: {message}")
{
    /// <summary>Stable error code, e.g. <c>invalid_condition</c>.</summary>
    public string Code { get; } = code;

    /// <summary>Location in the document, e.g. <c>transitions[2].conditions[0].operator</c>.</summary>
    public string Path { get; } = path;

    /// <summary>The message without the location.</summary>
    public string Detail { get; } = message;
}
