namespace CircuitBreaker.Workflow.Analysis.Net;

/// <summary>Raised when a net description (builder calls, PNML, JSON) is malformed. <see cref="Code"/> is a stable error code.</summary>
public sealed class NetFormatException : FormatException
{
    /// <summary>Creates the exception with a stable code such as <c>NET_DUPLICATE_ID</c>.</summary>
    public NetFormatException(string code, string message, Exception? inner = null)
        : base($"{code}: {message}", inner) => Code = code;

    /// <summary>Stable machine-readable error code.</summary>
    public string Code { get; }
}
