using System.Diagnostics;
using System.Text.Json;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.GraphQL.Validation;

// Parse + validate + execute the same mid-size document (2 variables, fragments, 50 fields) repeatedly, with no document cache.
var workload = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workload.json"))).RootElement;
var schema = SchemaBuilder.FromSdl(workload.GetProperty("sdl").GetString()!)
    .Resolve("Query", "item", c => Item(c.Argument<int>("id")))
    .Resolve("Query", "items", c => Enumerable.Range(1, c.Argument<int>("first")).Select(Item).ToList())
    .Resolve("Item", "child", c => Item((int)((Dictionary<string, object?>)c.Source!)["id"]! + 100))
    .Build();
var query = workload.GetProperty("query").GetString()!;
var variables = (Dictionary<string, object?>)ValueConverter.FromJson(workload.GetProperty("variables"))!;
var iterations = args.Length > 0 ? int.Parse(args[0]) : workload.GetProperty("iterations").GetInt32();

async Task<ExecutionResult> Once()
{
    var doc = Parser.Parse(query);
    var errors = Validator.Validate(schema, doc, ValidationOptions.Unlimited);
    if (errors.Count > 0) throw new InvalidOperationException(errors[0].Message);
    return await Executor.ExecuteAsync(schema, new ExecutionRequest { Document = doc, Variables = variables });
}

var first = await Once();
if (first.Errors.Count > 0) throw new InvalidOperationException(first.Errors[0].Message);
for (var i = 0; i < iterations / 10; i++) await Once();
var sw = Stopwatch.StartNew();
for (var i = 0; i < iterations; i++) await Once();
sw.Stop();
Console.WriteLine($"dotnet: {iterations} iterations in {sw.Elapsed.TotalMilliseconds:F0} ms = {iterations / sw.Elapsed.TotalSeconds:F0} ops/s");

static Dictionary<string, object?> Item(int id) => new()
{
    ["id"] = id, ["name"] = "item " + id, ["price"] = id * 1.5, ["tags"] = new List<object?> { "a", "b" }, ["inStock"] = id % 2 == 0,
};
