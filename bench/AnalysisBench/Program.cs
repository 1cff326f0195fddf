using System.Diagnostics;
using CircuitBreaker.Workflow.Analysis;
using CircuitBreaker.Workflow.Analysis.Exploration;
using CircuitBreaker.Workflow.Analysis.Pnml;

// Measures exploration speed (states/s), state-store size (bytes/state) and full-analysis time on every
// net of the shared MCC set.
// Usage: dotnet run -c Release --project bench/AnalysisBench [petri-mcc dir] [--only NAME-PART] [--runs N]
// --only restricts the run to nets whose name contains NAME-PART (comparing one net before/after a change);
// --runs sets how many explorations per net are timed (best kept, default 3).
var only = Option("--only");
var runs = int.Parse(Option("--runs") ?? "3", System.Globalization.CultureInfo.InvariantCulture);
var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).ToArray();
var root = positional.Length > 0 ? positional[0] : FindTestData();
var rows = new List<(string Name, int States, long Edges, int Bits, double StatesPerSecond, double CpuStatesPerSecond, double EdgesPerSecond, double BytesPerState, double AnalysisMs)>();
var process = Process.GetCurrentProcess();
var total = Stopwatch.StartNew();
foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
{
    if (only is not null && !Path.GetFileName(dir).Contains(only, StringComparison.OrdinalIgnoreCase)) continue;
    var net = PnmlReader.ReadFile(Path.Combine(dir, "model.pnml"));
    var analysis = Stopwatch.StartNew();
    var report = NetAnalyzer.Analyze(net);
    analysis.Stop();
    // Exploration alone, best of several runs, to measure the state-space engine itself.
    // CPU time is reported too because the benchmark machine is shared: wall time includes waiting for a core.
    var best = TimeSpan.MaxValue;
    var bestCpu = TimeSpan.MaxValue;
    ReachabilityGraph? graph = null;
    for (var i = 0; i < runs; i++)
    {
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        graph = ReachabilityExplorer.Explore(net);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        if (graph.Elapsed < best) best = graph.Elapsed;
        if (cpu < bestCpu) bestCpu = cpu;
    }
    var seconds = Math.Max(best.TotalSeconds, 1e-6);
    rows.Add((Path.GetFileName(dir), graph!.StateCount, graph.EdgeCount, graph.BitsPerPlace,
        graph.StateCount / seconds, graph.StateCount / Math.Max(bestCpu.TotalSeconds, 1e-3), graph.EdgeCount / seconds, graph.BytesPerState, analysis.Elapsed.TotalMilliseconds));
    if (report.Properties is null) Console.Error.WriteLine($"{Path.GetFileName(dir)}: analysis incomplete ({report.Graph?.Stop})");
}
total.Stop();

Console.WriteLine($"{"net",-38} {"states",8} {"edges",9} {"bits",4} {"states/s",11} {"cpu st/s",11} {"edges/s",11} {"B/state",7} {"analysis ms",11}");
foreach (var r in rows.OrderByDescending(r => r.States))
    Console.WriteLine($"{r.Name,-38} {r.States,8} {r.Edges,9} {r.Bits,4} {r.StatesPerSecond,11:N0} {r.CpuStatesPerSecond,11:N0} {r.EdgesPerSecond,11:N0} {r.BytesPerState,7:F1} {r.AnalysisMs,11:F1}");
// Phase split (coverability pre-pass, exploration, strongly connected components) for the three largest nets and the three slowest analyses.
foreach (var r in rows.OrderByDescending(r => r.States).Take(3).Concat(rows.OrderByDescending(r => r.AnalysisMs).Take(3)).Distinct())
{
    var net = PnmlReader.ReadFile(Path.Combine(root, r.Name, "model.pnml"));
    var clock = Stopwatch.StartNew();
    CircuitBreaker.Workflow.Analysis.Coverability.CoverabilityAnalyzer.Analyze(net, NetAnalyzer.PrecheckNodes);
    var km = clock.Elapsed;
    clock.Restart();
    var graph = ReachabilityExplorer.Explore(net);
    var explore = clock.Elapsed;
    clock.Restart();
    ComponentAnalysis.Run(graph);
    var scc = clock.Elapsed;
    Console.WriteLine($"{r.Name}: coverability pre-pass {km.TotalMilliseconds:F0} ms, exploration {explore.TotalMilliseconds:F0} ms, components {scc.TotalMilliseconds:F0} ms");
}
Console.WriteLine($"full analysis of all {rows.Count} nets: {rows.Sum(r => r.AnalysisMs) / 1000:F2} s (wall time including {runs}x exploration re-runs: {total.Elapsed.TotalSeconds:F2} s)");

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string FindTestData()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "CircuitBreaker.Orleans.sln")))
            return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testdata", "petri-mcc"));
    throw new DirectoryNotFoundException("run from inside the repository or pass the petri-mcc folder");
}
