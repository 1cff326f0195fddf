namespace CircuitBreaker.Cli;

/// <summary>Process exit codes of <c>cb</c>.</summary>
public static class ExitCodes
{
    /// <summary>The analysis finished (whatever the net's properties are).</summary>
    public const int Ok = 0;
    /// <summary>Wrong command line.</summary>
    public const int Usage = 1;
    /// <summary>The input file does not exist or cannot be read.</summary>
    public const int FileNotFound = 2;
    /// <summary>The input file is malformed.</summary>
    public const int MalformedInput = 3;
    /// <summary>The state space did not fit the limits; properties are unknown.</summary>
    public const int Incomplete = 4;
}
