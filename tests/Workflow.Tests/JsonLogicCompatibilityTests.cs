using System.Text.Json;
using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Logic;

namespace CircuitBreaker.Workflow.Tests;

public class JsonLogicCompatibilityTests
{

    [Fact]
    public void Every_case_of_the_compatibility_table_passes()
    {
        var all = JsonNode.Parse(File.ReadAllText(RepoPaths.CompatibleJsonLogic))!.AsArray();
        var failures = new List<string>();
        var count = 0;
        foreach (var item in all)
        {
            if (item is not JsonObject c) continue;
            count++;
            var label = c["description"]?.ToString() ?? c["rule"]?.ToJsonString();
            try
            {
                var rule = JsonLogicRule.Compile(c["rule"]);
                var actual = rule.Evaluate(c["data"]);
                if (c.ContainsKey("error")) { failures.Add($"{label}: expected an error, got {actual?.ToJsonString()}"); continue; }
                if (!JsonLogicEquality.AreEqual(c["result"], actual))
                    failures.Add($"{label}: rule {c["rule"]?.ToJsonString()} data {c["data"]?.ToJsonString()} expected {c["result"]?.ToJsonString() ?? "null"} got {actual?.ToJsonString() ?? "null"}");
            }
            catch (JsonLogicException) when (c.ContainsKey("error"))
            {
            }
            catch (Exception e)
            {
                failures.Add($"{label}: threw {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(count > 250, $"only {count} cases read");
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} cases failed:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Unknown_operator_is_a_compile_error_with_a_code()
    {
        var e = Assert.Throws<JsonLogicException>(() => JsonLogicRule.Parse("""{"fake_op":[1,2]}"""));
        Assert.Equal("unknown_operator", e.Code);
        Assert.Contains("fake_op", e.Message);
    }

    [Fact]
    public void A_compiled_rule_evaluates_against_many_data_objects()
    {
        var rule = JsonLogicRule.Parse("""{"and":[{">":[{"var":"order.total"},100]},{"in":[{"var":"order.tier"},["gold","platinum"]]}]}""");
        Assert.True(rule.IsTruthy(JsonNode.Parse("""{"order":{"total":150,"tier":"gold"}}""")));
        Assert.False(rule.IsTruthy(JsonNode.Parse("""{"order":{"total":150,"tier":"silver"}}""")));
        Assert.False(rule.IsTruthy(JsonNode.Parse("""{"order":{"total":50,"tier":"gold"}}""")));
        using var doc = JsonDocument.Parse("""{"order":{"total":101,"tier":"platinum"}}""");
        Assert.True(rule.Evaluate(doc.RootElement)!.GetValue<bool>());
    }
}

/// <summary>Result equality where numbers compare by value (1 == 1.0).</summary>
internal static class JsonLogicEquality
{
    public static bool AreEqual(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => AreEqual(p.First, p.Second)),
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(kv => y.TryGetPropertyValue(kv.Key, out var v) && AreEqual(kv.Value, v)),
        (JsonValue x, JsonValue y) when x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number
            => x.GetValue<double>() == y.GetValue<double>(),
        (JsonValue x, JsonValue y) => JsonNode.DeepEquals(x, y),
        _ => false,
    };
}
