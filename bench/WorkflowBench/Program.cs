using System.Diagnostics;
using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Logic;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Serialization;
using CircuitBreaker.Workflow.Tokens;

// Measures in-memory firings/s (raw net and full token machine) and JSON Logic evaluations/s.
// Usage: dotnet run -c Release --project bench/WorkflowBench [seconds-per-case]
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2;
var root = FindRoot();

var approval = WorkflowSerializer.FromText(File.ReadAllText(Path.Combine(root, "examples/workflows/document_approval.json")), "a.json");
var net = new CompiledNet(approval);
int[] cycle = [net.TransitionIndex("submit"), net.TransitionIndex("reject"), net.TransitionIndex("revise")];
var vector = net.ToVector(approval.CreateInitialMarking());
Report("net firings (int[] marking)", Measure(() =>
{
    foreach (var t in cycle) if (!net.TryFire(t, vector)) throw new InvalidOperationException("not enabled");
    return cycle.Length;
}));

var machine = new TokenMachine(net);
var token = machine.Create("bench", DateTimeOffset.UnixEpoch, new JsonObject { ["title"] = "doc" });
FireRequest[] requests = [new("submit"), new("reject"), new("revise")];
var now = DateTimeOffset.UnixEpoch;
Report("token machine firings (snapshot + history)", Measure(() =>
{
    foreach (var r in requests) token = machine.Fire(token, r, now).Token ?? throw new InvalidOperationException("refused");
    return requests.Length;
}));

var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "bench/WorkflowBench/js/rules.json")))!;
var data = spec["data"]!;
foreach (var (name, ruleNode) in spec["rules"]!.AsObject())
{
    var rule = JsonLogicRule.Compile(ruleNode);
    JsonNode? result = null;
    var rate = Measure(() => { result = rule.Evaluate(data); return 1; });
    Report($"json-logic {name} = {result?.ToJsonString()}", rate, "evals/s");
}

// Seed 001's "Smart Content Routing" rule as structured conditions, evaluated with a full trace.
var routing = CircuitBreaker.Workflow.Rules.RuleParser.Parse(JsonNode.Parse("""
    {"name":"Smart Content Routing","definition":{"combinator":"AND","conditions":[
      {"group":"content_analysis","combinator":"AND","conditions":[
        {"field":"sentiment_score","operator":"less_than","value":0.3},{"field":"complexity_score","operator":"greater_than","value":0.7}]},
      {"group":"business_rules","combinator":"OR","conditions":[
        {"field":"customer_tier","operator":"equals","value":"premium"},{"field":"urgency","operator":"in","value":["high","critical"]}]}]}}
    """));
var routingContext = CircuitBreaker.Workflow.Rules.EvaluationContext.ForData(JsonNode.Parse(
    """{"sentiment_score":0.2,"complexity_score":0.8,"customer_tier":"basic","urgency":"high"}""")!.AsObject());
var evaluator = new CircuitBreaker.Workflow.Rules.ConditionEvaluator();
Report("structured rule (seed 001 smart routing, traced)", Measure(() => evaluator.Evaluate(routing, routingContext).Passed ? 1 : throw new InvalidOperationException()), "evals/s");

double Measure(Func<int> step)
{
    var warm = Stopwatch.StartNew();
    while (warm.Elapsed.TotalSeconds < Math.Min(1, seconds / 2)) step();
    long n = 0;
    var sw = Stopwatch.StartNew();
    while (sw.Elapsed.TotalSeconds < seconds) for (var i = 0; i < 1000; i++) n += step();
    return n / sw.Elapsed.TotalSeconds;
}

static void Report(string name, double rate, string unit = "firings/s") => Console.WriteLine($"{name,-52} {rate,16:N0} {unit}");

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "CircuitBreaker.Orleans.sln"))) return dir.FullName;
    throw new InvalidOperationException("repository root not found");
}
