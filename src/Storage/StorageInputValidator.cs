using System.Text.Json;
using CircuitBreaker.Storage;

namespace CircuitBreaker.Storage;

/// <summary>Rejects bad input with <see cref="ArgumentException"/> before it reaches the database.</summary>
public static class StorageInputValidator
{
    /// <summary>Longest grain type, state name, reminder name, partition, status or label.</summary>
    public const int MaxNameLength = 256;

    /// <summary>Longest grain key.</summary>
    public const int MaxKeyLength = 1024;

    /// <summary>Longest feed name: room for a <c>namespace/key</c> pair.</summary>
    public const int MaxFeedLength = MaxNameLength + 1 + MaxKeyLength;

    /// <summary>Checks a state id.</summary>
    public static void ValidateId(GrainStateId id)
    {
        ValidateText(id.GrainType, MaxNameLength, "grainType");
        ValidateText(id.Key, MaxKeyLength, "key");
        ValidateText(id.StateName, MaxNameLength, "stateName");
    }

    /// <summary>Checks a write: valid JSON payloads, positive distinct log sequences, index values and the feed event.</summary>
    public static void ValidateWrite(StateWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ValidateJson(write.Json, "write.Json");
        ArgumentNullException.ThrowIfNull(write.Append, "write.Append");
        var seen = new HashSet<long>();
        foreach (var entry in write.Append)
        {
            ArgumentNullException.ThrowIfNull(entry, "write.Append");
            if (entry.Sequence < 1)
                throw new ArgumentException($"STORAGE_BAD_SEQUENCE: log sequence numbers start at 1 (got {entry.Sequence}).", "write");
            if (!seen.Add(entry.Sequence))
                throw new ArgumentException($"STORAGE_DUPLICATE_SEQUENCE: log sequence {entry.Sequence} appears twice in one write.", "write");
            ValidateJson(entry.Json, "write.Append.Json");
        }
        if (write.Index is { } index)
        {
            ValidateText(index.Partition, MaxNameLength, "index.Partition", allowEmpty: true);
            ValidateText(index.Status, MaxNameLength, "index.Status", allowEmpty: true);
            ArgumentNullException.ThrowIfNull(index.Labels, "index.Labels");
            foreach (var label in index.Labels)
                ValidateText(label, MaxNameLength, "index.Labels");
        }
        if (write.Event is { } feedEvent)
        {
            ValidateText(feedEvent.Feed, MaxFeedLength, "write.Event.Feed");
            ValidateJson(feedEvent.Json, "write.Event.Json");
        }
    }

    /// <summary>Checks a plain text value.</summary>
    public static void ValidateText(string? value, int maxLength, string name, bool allowEmpty = false)
    {
        if (value is null)
            throw new ArgumentNullException(name, $"STORAGE_NULL: {name} must not be null.");
        if (!allowEmpty && value.Length == 0)
            throw new ArgumentException($"STORAGE_EMPTY: {name} must not be empty.", name);
        if (value.Length > maxLength)
            throw new ArgumentException($"STORAGE_TOO_LONG: {name} is {value.Length} characters; at most {maxLength} are allowed.", name);
        // PostgreSQL text cannot hold NUL; rejecting it everywhere keeps both dialects alike.
        if (value.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException($"STORAGE_NUL_CHARACTER: {name} must not contain a NUL character.", name);
    }

    /// <summary>Checks that a payload is one well-formed JSON value.</summary>
    public static void ValidateJson(string? json, string name)
    {
        if (json is null)
            throw new ArgumentNullException(name, $"STORAGE_NULL: {name} must not be null.");
        try
        {
            using var document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"STORAGE_BAD_JSON: {name} is not valid JSON: {e.Message}", name, e);
        }
        // jsonb rejects \u0000 inside strings; so does this storage on every dialect.
        if (json.Contains("\\u0000", StringComparison.Ordinal))
            throw new ArgumentException($"STORAGE_NUL_CHARACTER: {name} must not contain \\u0000.", name);
    }
}
