using System.Diagnostics;
using CircuitBreaker.Grains;
using CircuitBreaker.Grains.Resilience;
using CircuitBreaker.Storage;

// Breaker and budget grain writes in one process on a real Orleans silo. A breaker acquire+record pair and a budget
// reserve+commit pair each persist the grain's state; the budget runs on one hot grain and on 1,000 grains.
// On PostgreSQL, --documents both runs the budget measures twice in one sitting: with budgets in the project's store
// and in Microsoft.Orleans.Persistence.AdoNet (Storage:Documents=OrleansAdoNet), the comparison of issue 14.
// Usage: dotnet run -c Release --project bench/ResilienceBench -- [--seconds 5] [--callers 64] [--postgres CONN] [--documents store|orleans|both]
var seconds = 5.0;
var callers = 64;
string? postgres = null;
var documents = "store";
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--callers": callers = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--postgres": postgres = args[i + 1]; break;
        case "--documents": documents = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}
if (documents is not ("store" or "orleans" or "both") || (documents != "store" && postgres is null))
{
    Console.Error.WriteLine("--documents is store, orleans or both; orleans and both need --postgres");
    return 2;
}
Console.WriteLine($"ResilienceBench storage={(postgres is null ? "sqlite" : "postgresql")} cores={Environment.ProcessorCount} seconds={seconds} callers={callers} " +
    System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);

foreach (var orleansDocuments in documents switch { "both" => new[] { false, true }, "orleans" => [true], _ => [false] })
{
    var directory = Directory.CreateTempSubdirectory("cb-resilience-bench").FullName;
    var serviceId = "bench-" + Guid.NewGuid().ToString("N");
    await using var storage = postgres is null
        ? await AdoNetStorage.CreateAsync(StorageProvider.Sqlite, directory, serviceId)
        : await AdoNetStorage.CreateAsync(StorageProvider.PostgreSql, postgres, serviceId);
    await using (var silo = await EmbeddedSilo.StartAsync(storage, silo: s => { if (orleansDocuments) s.UseOrleansAdoNetDocuments(postgres!); }))
    {
        var where = orleansDocuments ? "Orleans.Persistence.AdoNet" : "project store";
        if (!orleansDocuments)
        {
            var breaker = silo.GrainFactory.GetGrain<ICircuitBreakerGrain>("bench:breaker");
            await breaker.Configure(new BreakerSettings { SlidingWindowSize = 100, MinimumNumberOfCalls = 100 });
            foreach (var n in new[] { 1, callers })
            {
                var rate = await Measure(n, seconds, async _ =>
                {
                    var permit = await breaker.TryAcquire();
                    if (permit.Permitted) await breaker.Record(BreakerOutcome.Success, 3);
                });
                Console.WriteLine($"breaker acquire+record pairs/s, one breaker, {n,3} caller(s), project store: {rate,10:N0}");
            }
        }

        var budgets = Enumerable.Range(0, 1000).Select(i => silo.GrainFactory.GetGrain<ILlmBudgetGrain>($"user:bench{i}")).ToArray();
        await Task.WhenAll(budgets.Select(b => b.SetBudget(1_000_000_000m, "monthly")));
        foreach (var (n, spread) in new[] { (1, 1), (callers, 1), (callers, budgets.Length) })
        {
            var rate = await Measure(n, seconds, async loop =>
            {
                var budget = budgets[spread == 1 ? 0 : Random.Shared.Next(spread)];
                var hold = await budget.Reserve(0.01m);
                await budget.Commit(hold.ReservationId!, 0.01m, "openai", "gpt-4o");
            });
            Console.WriteLine($"budget reserve+commit pairs/s, {(spread == 1 ? "one budget" : $"{spread:N0} budgets")}, {n,3} caller(s), {where}: {rate,10:N0}");
        }
        var status = await budgets[0].GetStatus();
        Console.WriteLine($"  check: budget 0 monthly spend {status.MonthlySpend}, reserved {status.Reserved}");
    }
    try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
}
return 0;

// Runs `callers` loops of `pair` for a 1 s warm-up then `seconds`, and returns completed pairs per second.
static async Task<double> Measure(int callers, double seconds, Func<int, Task> pair)
{
    long count = 0;
    var measuring = false;
    var stop = false;
    var loops = Enumerable.Range(0, callers).Select(loop => Task.Run(async () =>
    {
        while (!Volatile.Read(ref stop))
        {
            // Grain calls on an idle activation can complete synchronously: without a yield, the loops would keep
            // every pool thread busy and starve the storage writes the grains wait for.
            await Task.Yield();
            await pair(loop);
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
