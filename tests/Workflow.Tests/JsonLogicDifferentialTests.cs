using System.Diagnostics;
using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Logic;

namespace CircuitBreaker.Workflow.Tests;

/// <summary>
/// Compares our evaluator with json-logic-js (run under Node) on generated rules that stress JS coercions:
/// loose equality, relational comparison of mixed types, number formatting, parseFloat, substr, missing.
/// Data keys avoid names of JS String/Number prototype members (e.g. "big"), which json-logic-js would expose.
/// </summary>
public class JsonLogicDifferentialTests
{
    private static readonly JsonNode Data = JsonNode.Parse("""
        {"a":1,"b":"2","c":"abc","d":null,"e":[1,2,3],"f":{"g":true,"h":0},"s":"hello world","z":0,
         "n":-2.5,"huge":1e21,"tiny":1e-7,"list":[1,"2",3.5,null,""]}
        """)!;

    private static readonly string[] Leaves =
    [
        "0", "1", "-1", "2", "3.5", "0.1", "1e21", "\"0\"", "\"1\"", "\" 12 \"", "\"abc\"", "\"\"", "\"3.5kg\"", "true", "false", "null",
        "[]", "[1,2]", "[\"a\"]", """{"var":"a"}""", """{"var":"b"}""", """{"var":"c"}""", """{"var":"d"}""", """{"var":"e"}""",
        """{"var":"f.g"}""", """{"var":"e.1"}""", """{"var":"s"}""", """{"var":"z"}""", """{"var":"n"}""", """{"var":"tiny"}""",
        """{"var":"huge"}""", """{"var":["nope","dflt"]}""", """{"var":"list"}""",
    ];

    private static readonly string[] BinaryOps = ["==", "===", "!=", "!==", ">", ">=", "<", "<=", "+", "-", "*", "/", "%", "in", "cat", "and", "or", "min", "max", "merge"];
    private static readonly string[] UnaryOps = ["!", "!!", "-", "+"];

    private static string Generate(Random rng, int depth)
    {
        if (depth == 0 || rng.Next(3) == 0) return Leaves[rng.Next(Leaves.Length)];
        switch (rng.Next(9))
        {
            case 0: return $$"""{"{{UnaryOps[rng.Next(UnaryOps.Length)]}}":[{{Generate(rng, depth - 1)}}]}""";
            case 1: return $$"""{"substr":[{{Generate(rng, depth - 1)}},{{rng.Next(-4, 5)}}{{(rng.Next(2) == 0 ? "" : "," + rng.Next(-3, 4))}}]}""";
            case 2: return $$"""{"if":[{{Generate(rng, depth - 1)}},{{Generate(rng, depth - 1)}},{{Generate(rng, depth - 1)}}]}""";
            case 3: return $$"""{"<":[{{Generate(rng, depth - 1)}},{{Generate(rng, depth - 1)}},{{Generate(rng, depth - 1)}}]}""";
            case 4: return """{"missing_some":[1,["a","d","nope","c"]]}""";
            case 5: return $$"""{"missing":["a","d","nope",{{Generate(rng, 0)}}]}""";
            case 6: return $$"""{"map":[{"var":"list"},{"{{BinaryOps[rng.Next(BinaryOps.Length)]}}":[{"var":""},{{Leaves[rng.Next(Leaves.Length)]}}]}]}""";
            case 7: return $$"""{"{{new[] { "some", "all", "none", "filter" }[rng.Next(4)]}}":[{"var":"list"},{"{{BinaryOps[rng.Next(8)]}}":[{"var":""},{{Leaves[rng.Next(18)]}}]}]}""";
            default: return $$"""{"{{BinaryOps[rng.Next(BinaryOps.Length)]}}":[{{Generate(rng, depth - 1)}},{{Generate(rng, depth - 1)}}]}""";
        }
    }

    [Fact]
    public void Generated_rules_agree_with_json_logic_js()
    {
        var rng = new Random(20261122);
        var rules = Enumerable.Range(0, 3000).Select(_ => JsonNode.Parse(Generate(rng, 3))).ToList();
        var cases = new JsonArray(rules.Select(r => (JsonNode?)new JsonObject { ["rule"] = r?.DeepClone(), ["data"] = Data.DeepClone() }).ToArray());
        var expected = RunOracle(cases);

        var failures = new List<string>();
        var compared = 0;
        for (var i = 0; i < rules.Count; i++)
        {
            var oracle = expected[i]!.AsObject();
            if (oracle.ContainsKey("error")) continue; // json-logic-js itself throws; nothing to compare
            compared++;
            var ours = JsonLogicRule.Compile(rules[i]).Evaluate(Data);
            if (!JsonLogicEquality.AreEqual(oracle["result"], ours))
                failures.Add($"{rules[i]?.ToJsonString() ?? "null"} => js {oracle["result"]?.ToJsonString() ?? "null"}, ours {ours?.ToJsonString() ?? "null"}");
        }
        Assert.True(compared > 2500, $"only {compared} comparable cases");
        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} differ:\n" + string.Join("\n", failures.Take(30)));
    }

    private static JsonArray RunOracle(JsonArray cases)
    {
        var dir = Path.Combine(RepoPaths.Root, "tests", "Workflow.Tests", "js");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "json-logic-js")))
            Run("npm", "ci --no-audit --no-fund --loglevel=error", dir);
        var input = Path.Combine(Path.GetTempPath(), $"jsonlogic-cases-{Guid.NewGuid():N}.json");
        File.WriteAllText(input, cases.ToJsonString());
        try { return JsonNode.Parse(Run("node", $"oracle.js \"{input}\"", dir))!.AsArray(); }
        finally { File.Delete(input); }
    }

    private static string Run(string file, string arguments, string dir)
    {
        using var p = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException($"{file} {arguments} did not finish in 120 s"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} exited {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
