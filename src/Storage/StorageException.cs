namespace CircuitBreaker.Storage;

/// <summary>A storage operation failed for a reason other than an ETag conflict (e.g. the database is unreachable).</summary>
public sealed class StorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
