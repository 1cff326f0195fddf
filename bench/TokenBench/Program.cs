using Orleans;
using Orleans.Streams;
using System.Diagnostics;
using CircuitBreaker.Grains;
using CircuitBreaker.Grains.Workflow;
using CircuitBreaker.Storage;

// Workflow grain benchmarks of issue 3. Usage:
//   dotnet run -c Release --project bench/TokenBench -- [fires|latency|all] [--seconds N] [--warmup N] [--storage memory|sqlite|postgres]
// --warmup N fires for N seconds before the timed N seconds of --seconds (default 0: the JIT's tiering then runs
// during the measurement, which on 2 cores costs a visible share of it).
// Runs on SQLite in a temp folder and, when CB_TEST_POSTGRES is set, on PostgreSQL too.
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(double.Parse).FirstOrDefault(5);
var only = args.SkipWhile(a => a != "--storage").Skip(1).FirstOrDefault();
var warmup = args.SkipWhile(a => a != "--warmup").Skip(1).Select(double.Parse).FirstOrDefault(0);
Console.WriteLine($"TokenBench on {Environment.ProcessorCount} cores, .NET {Environment.Version}");

var targets = new List<(string Name, StorageProvider Provider, string Location)>
{
    ("SQLite", StorageProvider.Sqlite, Path.Combine(Path.GetTempPath(), "cb-token-bench", Guid.NewGuid().ToString("N"))),
};
if (Environment.GetEnvironmentVariable("CB_TEST_POSTGRES") is { Length: > 0 } pg) targets.Add(("PostgreSQL", StorageProvider.PostgreSql, pg));
else Console.WriteLine("PostgreSQL skipped: set CB_TEST_POSTGRES (eval \"$(bash .ci/postgres.sh)\")");

// A two-place cycle: every fire is enabled, so the history grows without bound.
const string Cycle = """
    { "states": ["ping", "pong"],
      "transitions": [ { "id": "go", "fromStates": ["ping"], "toState": "pong" }, { "id": "back", "fromStates": ["pong"], "toState": "ping" } ],
      "initialState": "ping", "finalStates": [] }
    """;

foreach (var (name, provider, location) in targets)
{
    if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase)) continue;
    await RunAsync(name, provider, location);
    // The SQLite file of a run is not reused; remove it so repeated runs do not fill the temp folder.
    if (provider == StorageProvider.Sqlite && Directory.Exists(location)) Directory.Delete(location, recursive: true);
}

async Task RunAsync(string name, StorageProvider provider, string location)
{
    await using var storage = await AdoNetStorage.CreateAsync(provider, location, "bench-" + Guid.NewGuid().ToString("N"));
    await using var silo = await EmbeddedSilo.StartAsync(storage);
    await silo.GrainFactory.GetGrain<IWorkflowGrain>("cycle").Create(Cycle);
    if (mode is "fires" or "all") await FiresAsync(name, silo.GrainFactory, seconds, warmup);
    if (mode is "latency" or "all") await LatencyAsync(name, silo.GrainFactory);
}

static async Task FiresAsync(string name, IGrainFactory grains, double seconds, double warmup)
{
    var tokens = Enumerable.Range(0, 1000).Select(i => grains.GetGrain<ITokenGrain>("fire-" + i)).ToArray();
    await Task.WhenAll(tokens.Select(t => t.Create(new CreateTokenRequest("cycle"))));
    long total = 0;
    var clock = Stopwatch.StartNew();
    // The timed window starts after the warm-up: its CPU time is read then, and only fires completed in it count.
    var window = Task.Run(async () =>
    {
        await Task.Delay(TimeSpan.FromSeconds(warmup));
        return (Cpu: Process.GetCurrentProcess().TotalProcessorTime, Start: clock.Elapsed.TotalSeconds);
    });
    await Task.WhenAll(tokens.Select(token => Task.Run(async () =>
    {
        long n = 0, counted = 0;
        while (clock.Elapsed.TotalSeconds < warmup + seconds)
        {
            await token.Fire(new FireTransitionRequest(n % 2 == 0 ? "go" : "back"));
            n++;
            if (window.IsCompleted) counted++;
        }
        Interlocked.Add(ref total, counted);
    })));
    var (cpu, start) = await window;
    var elapsed = clock.Elapsed.TotalSeconds - start;
    // CPU time of this process per fire (all threads): steadier than fires/s when other work shares the cores.
    var cpuPerFire = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / Math.Max(total, 1);
    var warm = warmup > 0 ? $", after {warmup:N0} s warm-up" : "";
    Console.WriteLine($"durable fires, 1,000 tokens concurrently, {name}{warm}: {total / elapsed:N0} fires/s ({cpuPerFire:N1} µs process CPU per fire)");
}

static async Task LatencyAsync(string name, IGrainFactory grains)
{
    var token = grains.GetGrain<ITokenGrain>("latency-" + Guid.NewGuid().ToString("N"));
    await token.Create(new CreateTokenRequest("cycle"));
    var fired = 0L;
    async Task<double> MedianAt(long historyLength)
    {
        while (fired < historyLength) await Fire();
        var samples = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var clock = Stopwatch.StartNew();
            await Fire();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }
    async Task Fire()
    {
        await token.Fire(new FireTransitionRequest(fired % 2 == 0 ? "go" : "back"));
        fired++;
    }
    var at10 = await MedianAt(10);
    var at10000 = await MedianAt(10_000);
    Console.WriteLine($"fire latency p50, {name}: {at10:N3} ms at history 10, {at10000:N3} ms at history 10,000 (ratio {at10000 / at10:N2})");
}
