using System.Text.Json;
using CircuitBreaker.Workflow.Analysis.Pnml;

namespace CircuitBreaker.Workflow.Analysis.Tests;

public class MccReferenceTests
{
    [Theory]
    [MemberData(nameof(TestData.MccNets), MemberType = typeof(TestData))]
    public void Every_expected_key_matches(string name)
    {
        var dir = Path.Combine(TestData.PetriMcc, name);
        var net = PnmlReader.ReadFile(Path.Combine(dir, "model.pnml"));
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "expected.json")));

        var report = NetAnalyzer.Analyze(net);

        Assert.True(report.Bounded);
        var p = report.Properties!;
        var actual = new Dictionary<string, object>
        {
            ["states"] = (long)p.States,
            ["edges"] = p.Edges,
            ["maxTokensInPlace"] = (long)p.MaxTokensInPlace,
            ["maxTokensPerMarking"] = (long)p.MaxTokensPerMarking,
            ["deadlock"] = p.Deadlock,
            ["oneSafe"] = p.OneSafe,
            ["quasiLive"] = p.QuasiLive,
            ["live"] = p.Live,
            ["stableMarking"] = p.StableMarking,
        };
        foreach (var property in expected.RootElement.EnumerateObject())
        {
            Assert.True(actual.ContainsKey(property.Name), $"unknown key {property.Name}");
            object want = property.Value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => property.Value.GetInt64(),
            };
            Assert.True(want.Equals(actual[property.Name]), $"{name}.{property.Name}: expected {want}, got {actual[property.Name]}");
        }
    }
}
