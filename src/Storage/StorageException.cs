namespace CircuitBreaker.Storage;

/// <summary>A storage operation failed for a reason other than an ETag conflict (e.g. the database is unreachable).</summary>
/// <remarks>Serializable, so a grain call that failed on it reports the message to a caller on another silo or a client.</remarks>
[GenerateSerializer, Alias("cb.StorageException")]
public sealed class StorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
