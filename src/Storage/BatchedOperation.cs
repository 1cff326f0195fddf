using System.Data.Common;

namespace CircuitBreaker.Storage;

/// <summary>
/// A write expressed as one self-checking statement, so a whole group can be sent as a single pipelined
/// <see cref="DbBatch"/>: a conflicting write changes nothing and reports itself in its result row instead of raising.
/// </summary>
internal interface IBatchedOperation
{
    /// <summary>Adds the operation's single statement to the batch.</summary>
    void AddTo(DbBatch batch);

    /// <summary>Reads the statement's result set: the operation's result, or the exception its caller gets.</summary>
    Task<object?> ReadResultAsync(DbDataReader reader);
}
