using System.Globalization;

namespace CircuitBreaker.Runtime.Storage;

/// <summary><see cref="IReminderTable"/> in process memory; share one instance between silos to simulate a database.</summary>
public sealed class InMemoryReminderTable : IReminderTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string GrainType, string Key, string Name), ReminderEntry> _rows = new();
    private long _etagCounter;

    /// <inheritdoc />
    public Task<string> UpsertAsync(string grainType, string key, string name, DateTimeOffset startAt, TimeSpan period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grainType);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (period <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(period), "[ST0005] A reminder period must be positive.");
        lock (_lock)
        {
            var etag = (++_etagCounter).ToString(CultureInfo.InvariantCulture);
            _rows[(grainType, key, name)] = new ReminderEntry(grainType, key, name, startAt, period, etag);
            return Task.FromResult(etag);
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string grainType, string key, string name, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(_rows.Remove((grainType, key, name)));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadAsync(string grainType, string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<ReminderEntry>>(_rows.Values.Where(r => r.GrainType == grainType && r.Key == key).OrderBy(r => r.Name, StringComparer.Ordinal).ToList());
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<ReminderEntry>>(_rows.Values.ToList());
    }
}
