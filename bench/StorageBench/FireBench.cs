using System.Diagnostics;
using CircuitBreaker.Storage;

/// <summary>
/// Storage writes shaped like token fires (what <c>TokenGrain</c> writes): a ~290-byte state, one history entry,
/// the index entry with the marked place as label (alternating between two places) and an event on one shared feed.
/// N grains write in a loop with the ETag chain; no grain runtime, so this is the storage write path alone.
/// </summary>
internal static class FireBench
{
    public static async Task RunAsync(string name, StorageProvider provider, string location, double seconds, int grains)
    {
        await using var storage = await AdoNetStorage.CreateAsync(provider, location, "firebench-" + Guid.NewGuid().ToString("N"));
        var created = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, grains).Select(i => new GrainStateId("token", $"fire-{i}", "state")).ToArray();
        var etags = (await Task.WhenAll(ids.Select(id => storage.WriteAsync(id, Write(id, 0, created), null)))).Select(r => r.ETag).ToArray();
        long writes = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(ids.Select((id, i) => Task.Run(async () =>
        {
            var etag = etags[i];
            for (var n = 1; stopwatch.Elapsed.TotalSeconds < seconds; n++)
            {
                etag = (await storage.WriteAsync(id, Write(id, n, created), etag)).ETag;
                Interlocked.Increment(ref writes);
            }
        })));
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var cpuPerWrite = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / Math.Max(writes, 1);
        Console.WriteLine($"{name}: {grains} grains, fire-shaped writes: {writes / elapsed:F0} writes/s ({cpuPerWrite:F1} µs process CPU per write)");
    }

    private static StateWrite Write(GrainStateId id, long n, DateTimeOffset created)
    {
        var place = n % 2 == 0 ? "ping" : "pong";
        var now = DateTimeOffset.UtcNow.ToString("O");
        var state = $$"""{"Token":{"Id":"{{id.Key}}","WorkflowId":"cycle","WorkflowVersion":1,"Marking":{"{{place}}":1},"Data":{},"Metadata":{},"Status":"active","LastSequence":{{n}},"CreatedAt":"{{created:O}}","UpdatedAt":"{{now}}"},"Version":{{n + 1}},"TenantId":null,"Idempotency":[]}""";
        return new StateWrite(state)
        {
            Append = n == 0 ? [] : [new LogEntry(n, $$"""{"Sequence":{{n}},"TransitionId":"go","Consumed":{"ping":1},"Produced":{"pong":1},"At":"{{now}}","Actor":null,"DataPatch":null,"IdempotencyKey":null}""")],
            Index = new IndexEntry("cycle", "active", [place], created),
            Event = new FeedAppend("workflow/cycle", $$"""{"kind":"fired","tokenId":"{{id.Key}}","tokenSequence":{{n}},"transitionId":"go"}"""),
        };
    }
}
