namespace CircuitBreaker.Runtime;

/// <summary>An error of the runtime itself (not thrown by grain code); <see cref="Code"/> is stable for matching.</summary>
public sealed class GrainRuntimeException(string code, string message, Exception? inner = null)
    : Exception($"[{code}] {message}", inner)
{
    /// <summary>The stable error code, e.g. <c>RT0001</c>.</summary>
    public string Code { get; } = code;
}

/// <summary>Error codes of <see cref="GrainRuntimeException"/>.</summary>
public static class GrainErrorCodes
{
    /// <summary>No grain class implements the requested interface.</summary>
    public const string GrainInterfaceNotFound = "RT0001";
    /// <summary>Several grain classes implement the requested interface.</summary>
    public const string AmbiguousGrainInterface = "RT0002";
    /// <summary>The silo is not running (not started, stopping or stopped).</summary>
    public const string SiloNotRunning = "RT0003";
    /// <summary>A call timed out (carried by a <see cref="TimeoutException"/> message).</summary>
    public const string CallTimedOut = "RT0004";
    /// <summary>A grain interface method does not return Task or Task&lt;T&gt;.</summary>
    public const string InvalidGrainInterface = "RT0005";
    /// <summary>The grain class could not be constructed.</summary>
    public const string GrainConstructionFailed = "RT0006";
    /// <summary>An argument or result could not be deep-copied.</summary>
    public const string CopyFailed = "RT0007";
    /// <summary>A reminder was registered with a period below the minimum.</summary>
    public const string ReminderPeriodTooSmall = "RT0009";
    /// <summary>A stream was requested with two different item types.</summary>
    public const string StreamTypeMismatch = "RT0011";
    /// <summary>The activation is gone (deactivated) and cannot run the work.</summary>
    public const string ActivationGone = "RT0012";
    /// <summary>A grain received a reminder but does not implement IRemindable.</summary>
    public const string NotRemindable = "RT0013";
}

/// <summary>
/// An exception thrown by a grain on another silo: the original type cannot always be rebuilt there,
/// so its type name and message travel instead.
/// </summary>
public sealed class RemoteGrainException(string originalTypeName, string message)
    : Exception(message)
{
    /// <summary>The full name of the exception type thrown by the grain.</summary>
    public string OriginalTypeName { get; } = originalTypeName;
}
