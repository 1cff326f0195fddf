using Orleans;
using CircuitBreaker.Grains;
using System.Diagnostics;
using CircuitBreaker.Storage;
using CircuitBreaker.RuntimeBench;

// Grain-call benchmarks on Orleans (ported from the retired runtime's bench of issue 2). Usage:
//   dotnet run -c Release --project bench/RuntimeBench -- [calls|memory|writes|all] [--seconds N]
// "writes" uses SQLite in a temp folder and, when CB_TEST_POSTGRES is set, PostgreSQL too.
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(double.Parse).FirstOrDefault(5);
Console.WriteLine($"RuntimeBench on {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");

if (mode is "calls" or "all") await CallsAsync(seconds);
if (mode is "memory" or "all") await MemoryAsync();
if (mode is "writes" or "all") await WritesAsync(seconds);

static async Task CallsAsync(double seconds)
{
    await using var store = await AdoNetStorage.CreateAsync(StorageProvider.Sqlite, Directory.CreateTempSubdirectory("cb-runtime-bench").FullName, "bench");
    await using var silo = await EmbeddedSilo.StartAsync(store);
    var factory = silo.GrainFactory;

    var hot = factory.GetGrain<INoOpGrain>("hot");
    await hot.Ping();
    var rate = await MeasureAsync(seconds, 64, (_, _) => hot.Ping());
    Console.WriteLine($"no-op calls, one hot grain, 64 callers: {rate:N0} calls/s");

    var grains = Enumerable.Range(0, 10_000).Select(i => factory.GetGrain<INoOpGrain>("g" + i)).ToArray();
    await Task.WhenAll(grains.Select(g => g.Ping()));
    rate = await MeasureAsync(seconds, 64, (caller, i) => grains[(int)((i * 64 + caller) % grains.Length)].Ping());
    Console.WriteLine($"no-op calls, 10,000 grains, 64 callers: {rate:N0} calls/s");
}

static async Task MemoryAsync()
{
    const int count = 100_000;
    await using var store = await AdoNetStorage.CreateAsync(StorageProvider.Sqlite, Directory.CreateTempSubdirectory("cb-runtime-bench").FullName, "bench");
    await using var silo = await EmbeddedSilo.StartAsync(store);
    var factory = silo.GrainFactory;
    await factory.GetGrain<INoOpGrain>("warm").Ping();
    var before = Settle();
    for (var batch = 0; batch < count; batch += 1000)
        await Task.WhenAll(Enumerable.Range(batch, 1000).Select(i => factory.GetGrain<INoOpGrain>("idle-" + i).Ping()));
    var after = Settle();
    Console.WriteLine($"managed memory per idle activation ({count:N0} activations): {(after - before) / (double)count:N0} bytes");
}

static async Task WritesAsync(double seconds)
{
    var dir = Path.Combine(Path.GetTempPath(), "cb-runtime-bench", Guid.NewGuid().ToString("N"));
    await WritesOnAsync("SQLite", StorageProvider.Sqlite, dir, seconds);
    Directory.Delete(dir, recursive: true);
    if (Environment.GetEnvironmentVariable("CB_TEST_POSTGRES") is { Length: > 0 } pg)
        await WritesOnAsync("PostgreSQL", StorageProvider.PostgreSql, pg, seconds);
    else
        Console.WriteLine("PostgreSQL skipped: set CB_TEST_POSTGRES (eval \"$(bash .ci/postgres.sh)\")");
}

static async Task WritesOnAsync(string name, StorageProvider provider, string location, double seconds)
{
    await using var storage = await AdoNetStorage.CreateAsync(provider, location, "bench-" + Guid.NewGuid().ToString("N"));
    await using var silo = await EmbeddedSilo.StartAsync(storage);
    var grains = Enumerable.Range(0, 1000).Select(i => silo.GrainFactory.GetGrain<IWriterGrain>("w" + i)).ToArray();
    await Task.WhenAll(grains.Select(g => g.Write(0)));
    // One caller per grain: 1,000 grains writing concurrently, each write durable before its next.
    var rate = await MeasureAsync(seconds, grains.Length, (caller, i) => grains[caller].Write((int)i));
    Console.WriteLine($"durable grain writes, 1,000 grains concurrently, {name}: {rate:N0} writes/s");
}

static async Task<double> MeasureAsync(double seconds, int callers, Func<int, long, Task> call)
{
    long total = 0;
    var stop = Stopwatch.StartNew();
    var until = TimeSpan.FromSeconds(seconds);
    await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
    {
        long i = 0;
        while (stop.Elapsed < until)
        {
            await call(caller, i++);
        }
        Interlocked.Add(ref total, i);
    })));
    return total / stop.Elapsed.TotalSeconds;
}

static long Settle()
{
    for (var i = 0; i < 3; i++) GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    return GC.GetTotalMemory(forceFullCollection: true);
}
