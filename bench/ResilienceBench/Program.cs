using Orleans;
using Orleans.Streams;
// Throughput of one circuit breaker grain (acquire+record pairs/s) and one budget grain (reserve+commit pairs/s),
// in process, on SQLite (or PostgreSQL with --postgres "<connection string>"), with 1 and with N concurrent callers.
// Usage: dotnet run -c Release --project bench/ResilienceBench -- [--seconds 5] [--callers 64] [--postgres CONN]
using System.Diagnostics;
using CircuitBreaker.Grains;
using CircuitBreaker.Grains.Resilience;
using CircuitBreaker.Storage;

var seconds = 5.0;
var callers = 64;
string? postgres = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--callers": callers = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--postgres": postgres = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

var directory = Directory.CreateTempSubdirectory("cb-resilience-bench").FullName;
var storage = postgres is null
    ? await AdoNetStorage.CreateAsync(StorageProvider.Sqlite, directory, "bench-" + Guid.NewGuid().ToString("N"))
    : await AdoNetStorage.CreateAsync(StorageProvider.PostgreSql, postgres, "bench-" + Guid.NewGuid().ToString("N"));
await using (var silo = await SiloHost.StartAsync(b => b.AddGrainAssemblyOf<GrainsAssembly>().UseGrainStorage(storage).UseReminderTable(storage)))
{
    Console.WriteLine($"storage={(postgres is null ? "sqlite" : "postgresql")} cores={Environment.ProcessorCount} seconds={seconds} {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
    var breaker = silo.GrainFactory.GetGrain<ICircuitBreakerGrain>("bench:breaker");
    await breaker.Configure(new BreakerSettings { SlidingWindowSize = 100, MinimumNumberOfCalls = 100 });
    foreach (var n in new[] { 1, callers })
    {
        var rate = await Measure(n, seconds, async () =>
        {
            var permit = await breaker.TryAcquire();
            if (permit.Permitted) await breaker.Record(BreakerOutcome.Success, 3);
        });
        Console.WriteLine($"breaker acquire+record pairs/s, {n,3} caller(s): {rate,10:N0}");
    }
    var state = await breaker.GetState();
    Console.WriteLine($"breaker after the runs: {state.State}, {state.NumberOfBufferedCalls} calls in window, failure rate {state.FailureRate}");

    var budget = silo.GrainFactory.GetGrain<ILlmBudgetGrain>("user:bench");
    await budget.SetBudget(1_000_000_000m, "monthly");
    foreach (var n in new[] { 1, callers })
    {
        var rate = await Measure(n, seconds, async () =>
        {
            var hold = await budget.Reserve(0.01m);
            await budget.Commit(hold.ReservationId!, 0.01m, "openai", "gpt-4o");
        });
        Console.WriteLine($"budget reserve+commit pairs/s, {n,3} caller(s): {rate,10:N0}");
    }
    var status = await budget.GetStatus();
    Console.WriteLine($"budget after the runs: monthly spend {status.MonthlySpend}, reserved {status.Reserved}");
}
await storage.DisposeAsync();
try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
return 0;

// Runs `callers` loops of `pair` for a 1 s warm-up then `seconds`, and returns completed pairs per second.
static async Task<double> Measure(int callers, double seconds, Func<Task> pair)
{
    long count = 0;
    var measuring = false;
    var stop = false;
    var loops = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
    {
        while (!Volatile.Read(ref stop))
        {
            // Grain calls on an idle activation can complete synchronously: without a yield, 64 loops would keep
            // every pool thread busy and starve the storage writes the grains wait for.
            await Task.Yield();
            await pair();
            if (Volatile.Read(ref measuring)) Interlocked.Increment(ref count);
        }
    })).ToArray();
    await Task.Delay(TimeSpan.FromSeconds(1));
    var clock = Stopwatch.StartNew();
    Volatile.Write(ref measuring, true);
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    var done = Interlocked.Read(ref count);
    var elapsed = clock.Elapsed.TotalSeconds;
    Volatile.Write(ref stop, true);
    await Task.WhenAll(loops);
    return done / elapsed;
}
