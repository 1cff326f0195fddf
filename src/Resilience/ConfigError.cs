namespace CircuitBreaker.Resilience;

/// <summary>One problem found while validating a configuration or a persisted state.</summary>
/// <param name="Code">Stable machine-readable code, e.g. <c>BREAKER_FAILURE_RATE_THRESHOLD_OUT_OF_RANGE</c>.</param>
/// <param name="Message">Human-readable explanation naming the option and the accepted range.</param>
public sealed record ConfigError(string Code, string Message);

/// <summary>Raised when a configuration or a persisted state is invalid; carries every problem found.</summary>
public sealed class ResilienceConfigException : ArgumentException
{
    /// <summary>Creates the exception from the list of problems (at least one).</summary>
    public ResilienceConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join("; ", errors.Select(e => $"{e.Code}: {e.Message}")))
    {
        Errors = errors;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>Code of the first problem, convenient for single-error reporting.</summary>
    public string Code => Errors.Count > 0 ? Errors[0].Code : "INVALID_CONFIG";
}

/// <summary>Raised when an operation is called with an invalid argument (e.g. a negative amount).</summary>
public sealed class ResilienceArgumentException : ArgumentException
{
    /// <summary>Creates the exception with a stable code and a message.</summary>
    public ResilienceArgumentException(string code, string message) : base($"{code}: {message}")
    {
        Code = code;
    }

    /// <summary>Stable machine-readable code.</summary>
    public string Code { get; }
}
