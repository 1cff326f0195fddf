using Orleans;
using Orleans.Runtime;

namespace CircuitBreaker.Storage;

/// <summary>
/// Orleans' <see cref="IReminderTable"/> on the project's own reminder rows (Orleans ships no SQLite reminder table).
/// Range reads filter by the grain's uniform hash in memory: the embedded run has few reminders and one silo.
/// </summary>
public sealed class StateStoreReminderTable(AdoNetStateStore store) : IReminderTable
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default) => store.InitializeAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        var rows = await store.ReadAsync(grainId.Type.ToString()!, grainId.Key.ToString()!).ConfigureAwait(false);
        return new ReminderTableData(rows.Select(Entry));
    }

    /// <inheritdoc />
    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var rows = await store.ReadAllAsync().ConfigureAwait(false);
        // Orleans' ring ranges are (begin, end]; begin >= end wraps around zero.
        return new ReminderTableData(rows.Select(Entry).Where(e =>
        {
            var hash = e.GrainId.GetUniformHashCode();
            return begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
        }));
    }

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await store.ReadAsync(grainId.Type.ToString()!, grainId.Key.ToString()!).ConfigureAwait(false);
        return rows.Where(r => r.Name == reminderName).Select(Entry).FirstOrDefault();
    }

    /// <inheritdoc />
    public async Task<string?> UpsertRow(ReminderEntry entry) =>
        await store.UpsertAsync(entry.GrainId.Type.ToString()!, entry.GrainId.Key.ToString()!, entry.ReminderName,
            new DateTimeOffset(DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc)), entry.Period).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        store.RemoveAsync(grainId.Type.ToString()!, grainId.Key.ToString()!, reminderName, eTag);

    /// <inheritdoc />
    public async Task TestOnlyClearTable()
    {
        foreach (var row in await store.ReadAllAsync().ConfigureAwait(false))
            await store.RemoveAsync(row.GrainType, row.Key, row.Name).ConfigureAwait(false);
    }

    private static ReminderEntry Entry(ReminderRow row) => new()
    {
        GrainId = GrainId.Create(row.GrainType, row.Key),
        ReminderName = row.Name,
        StartAt = row.StartAt.UtcDateTime,
        Period = row.Period,
        ETag = row.ETag,
    };
}
