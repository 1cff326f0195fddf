using System.Diagnostics;
using CircuitBreaker.Storage;

/// <summary>Times single-entry log appends on a short log (10 entries) and a long one (100,000 entries).</summary>
internal static class LogBench
{
    public static async Task RunAsync(string name, StorageProvider provider, string location)
    {
        await using var storage = await AdoNetStorage.CreateAsync(provider, location, "logbench-" + Guid.NewGuid().ToString("N"));
        var shortLog = await SeedAsync(storage, "short", 10);
        var longLog = await SeedAsync(storage, "long", 100_000);
        var shortMs = await AppendAsync(storage, shortLog.Id, shortLog.Etag, 11);
        var longMs = await AppendAsync(storage, longLog.Id, longLog.Etag, 100_001);
        Console.WriteLine($"{name}: sequential append of 1 entry, median: {shortMs:F2} ms at log length 10, {longMs:F2} ms at log length 100,000");
    }

    private static async Task<(GrainStateId Id, string Etag)> SeedAsync(AdoNetStateStore storage, string key, int length)
    {
        var id = new GrainStateId("log.grain", key, "history");
        string? etag = null;
        for (var start = 1; start <= length; start += 1000)
        {
            var entries = Enumerable.Range(start, Math.Min(1000, length - start + 1)).Select(seq => new LogEntry(seq, $$"""{"seq":{{seq}}}""")).ToArray();
            etag = (await storage.WriteAsync(id, new StateWrite("{}") { Append = entries }, etag)).ETag;
        }
        return (id, etag!);
    }

    private static async Task<double> AppendAsync(AdoNetStateStore storage, GrainStateId id, string etag, long firstSequence)
    {
        var timings = new List<double>();
        for (var i = 0; i < 100; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            etag = (await storage.WriteAsync(id, new StateWrite("{}") { Append = [new LogEntry(firstSequence + i, """{"x":1}""")] }, etag)).ETag;
            timings.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
        timings.Sort();
        return timings[timings.Count / 2];
    }
}
