// Measures durable writes/s of the ADO.NET grain storage: N grains each write their state in a loop
// (read-modify-write with the ETag chain, as grains do); a write counts once its transaction committed.
// Usage: dotnet run -c Release --project bench/StorageBench -- [seconds=10] [grains=1000]
//        dotnet run -c Release --project bench/StorageBench -- index [rows=1000000]   (index listing latency)
//        dotnet run -c Release --project bench/StorageBench -- log                    (append cost at log length 10 vs 100,000)
//        dotnet run -c Release --project bench/StorageBench -- fires [seconds=5] [grains=1000] [sqlite|postgres]
//                                                                  (writes shaped like token fires: state + log + index + feed event)
// PostgreSQL is measured when CB_TEST_POSTGRES is set (eval "$(bash .ci/postgres.sh)").
using System.Diagnostics;
using CircuitBreaker.Storage;

if (args.Length > 0 && args[0] == "index")
{
    var rows = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
    var dir = Path.Combine(Path.GetTempPath(), "cb-index-bench-" + Guid.NewGuid().ToString("N"));
    await IndexBench.RunAsync("SQLite", StorageProvider.Sqlite, dir, rows);
    Directory.Delete(dir, recursive: true);
    if (Environment.GetEnvironmentVariable("CB_TEST_POSTGRES") is { Length: > 0 } pg)
        await IndexBench.RunAsync("PostgreSQL", StorageProvider.PostgreSql, pg, rows);
    return;
}

if (args.Length > 0 && args[0] == "fires")
{
    // Token-fire-shaped writes at storage level: fires [seconds=5] [grains=1000] [sqlite|postgres]
    var fireSeconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
    var fireGrains = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1000;
    var which = args.Length > 3 ? args[3] : "all";
    if (which is "all" or "sqlite")
    {
        var dir = Path.Combine(Path.GetTempPath(), "cb-fire-bench-" + Guid.NewGuid().ToString("N"));
        await FireBench.RunAsync("SQLite", StorageProvider.Sqlite, dir, fireSeconds, fireGrains);
        Directory.Delete(dir, recursive: true);
    }
    if (which is "all" or "postgres" && Environment.GetEnvironmentVariable("CB_TEST_POSTGRES") is { Length: > 0 } pg)
        await FireBench.RunAsync("PostgreSQL", StorageProvider.PostgreSql, pg, fireSeconds, fireGrains);
    return;
}

if (args.Length > 0 && args[0] == "log")
{
    var dir = Path.Combine(Path.GetTempPath(), "cb-log-bench-" + Guid.NewGuid().ToString("N"));
    await LogBench.RunAsync("SQLite", StorageProvider.Sqlite, dir);
    Directory.Delete(dir, recursive: true);
    if (Environment.GetEnvironmentVariable("CB_TEST_POSTGRES") is { Length: > 0 } pg)
        await LogBench.RunAsync("PostgreSQL", StorageProvider.PostgreSql, pg);
    return;
}

var seconds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10;
var grains = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;

var sqliteDir = Path.Combine(Path.GetTempPath(), "cb-storage-bench-" + Guid.NewGuid().ToString("N"));
await Bench.RunAsync("SQLite (WAL, synchronous=FULL)", StorageProvider.Sqlite, sqliteDir, seconds, grains);
Directory.Delete(sqliteDir, recursive: true);

if (Environment.GetEnvironmentVariable("CB_TEST_POSTGRES") is { Length: > 0 } postgres)
    await Bench.RunAsync("PostgreSQL (fsync=on, synchronous_commit=on)", StorageProvider.PostgreSql, postgres, seconds, grains);
else
    Console.WriteLine("PostgreSQL: skipped (CB_TEST_POSTGRES not set)");

internal static class Bench
{
    public static async Task RunAsync(string name, StorageProvider provider, string location, int seconds, int grains)
    {
        await using var storage = await AdoNetStorage.CreateAsync(provider, location, "bench-" + Guid.NewGuid().ToString("N"));
        var ids = Enumerable.Range(0, grains).Select(i => new GrainStateId("bench.grain", $"g{i}", "state")).ToArray();
        var etags = (await Task.WhenAll(ids.Select(id => storage.WriteAsync(id, new StateWrite("""{"n":0}"""), null)))).Select(r => r.ETag).ToArray();
        long writes = 0;
        var stopwatch = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(ids.Select((id, i) => Task.Run(async () =>
        {
            var etag = etags[i];
            for (var n = 1; stopwatch.Elapsed < deadline; n++)
            {
                etag = (await storage.WriteAsync(id, new StateWrite($$"""{"n":{{n}},"payload":"0123456789abcdef0123456789abcdef"}"""), etag)).ETag;
                Interlocked.Increment(ref writes);
            }
        })));
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"{name}: {grains} grains, {writes} durable writes in {elapsed:F1} s = {writes / elapsed:F0} writes/s");
    }
}
