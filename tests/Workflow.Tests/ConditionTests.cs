using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Rules;

namespace CircuitBreaker.Workflow.Tests;

public class ConditionTests
{
    private static readonly JsonObject Data = JsonNode.Parse("""
        {"score": 9, "name": "Quarterly report", "tags": ["finance", "q3"], "empty": "", "none": null, "list": [],
         "order": {"customer": {"tier": "premium"}, "total": 1250.5, "items": [{"sku": "LAPTOP-001"}]},
         "email": "ada@example.com", "due": "2024-03-01"}
        """)!.AsObject();

    private static readonly JsonObject Meta = JsonNode.Parse("""{"score": 3, "department": "engineering"}""")!.AsObject();

    private static ConditionResult Eval(string condition, JsonObject? data = null, JsonObject? meta = null, IRuleResolver? rules = null) =>
        new ConditionEvaluator(rules).Evaluate(ConditionParser.Parse(JsonNode.Parse(condition)), EvaluationContext.ForData(data ?? Data, meta));

    [Theory]
    [InlineData("""{"field":"name","operator":"equals","value":"Quarterly report"}""", true)]
    [InlineData("""{"field":"name","operator":"equals","value":"other"}""", false)]
    [InlineData("""{"field":"score","operator":"equals","value":9.0}""", true)]
    [InlineData("""{"field":"name","operator":"not_equals","value":"other"}""", true)]
    [InlineData("""{"field":"score","operator":"not_equals","value":9}""", false)]
    [InlineData("""{"field":"score","operator":"greater_than","value":8}""", true)]
    [InlineData("""{"field":"score","operator":"greater_than","value":9}""", false)]
    [InlineData("""{"field":"score","operator":"less_than","value":10}""", true)]
    [InlineData("""{"field":"score","operator":"less_than","value":9}""", false)]
    [InlineData("""{"field":"score","operator":"greater_than_or_equal","value":9}""", true)]
    [InlineData("""{"field":"score","operator":"greater_than_or_equal","value":10}""", false)]
    [InlineData("""{"field":"score","operator":"less_than_or_equal","value":9}""", true)]
    [InlineData("""{"field":"score","operator":"less_than_or_equal","value":8}""", false)]
    [InlineData("""{"field":"due","operator":"greater_than","value":"2024-01-31"}""", true)]
    [InlineData("""{"field":"score","operator":"between","value":[9,10]}""", true)]
    [InlineData("""{"field":"score","operator":"between","value":[0.3,0.8]}""", false)]
    [InlineData("""{"field":"order.customer.tier","operator":"in","value":["premium","gold"]}""", true)]
    [InlineData("""{"field":"order.customer.tier","operator":"in","value":["basic"]}""", false)]
    [InlineData("""{"field":"order.customer.tier","operator":"not_in","value":["basic"]}""", true)]
    [InlineData("""{"field":"order.customer.tier","operator":"not_in","value":["premium"]}""", false)]
    [InlineData("""{"field":"name","operator":"contains","value":"report"}""", true)]
    [InlineData("""{"field":"tags","operator":"contains","value":"q3"}""", true)]
    [InlineData("""{"field":"tags","operator":"contains","value":"q4"}""", false)]
    [InlineData("""{"field":"name","operator":"starts_with","value":"Quarter"}""", true)]
    [InlineData("""{"field":"name","operator":"starts_with","value":"report"}""", false)]
    [InlineData("""{"field":"name","operator":"ends_with","value":"report"}""", true)]
    [InlineData("""{"field":"name","operator":"ends_with","value":"Quarter"}""", false)]
    [InlineData("""{"field":"email","operator":"matches","value":"^[a-z]+@example\\.com$"}""", true)]
    [InlineData("""{"field":"email","operator":"matches","value":"^admin@"}""", false)]
    [InlineData("""{"field":"order.total","operator":"exists"}""", true)]
    [InlineData("""{"field":"none","operator":"exists"}""", false)]
    [InlineData("""{"field":"nope","operator":"exists"}""", false)]
    [InlineData("""{"field":"empty","operator":"is_empty"}""", true)]
    [InlineData("""{"field":"list","operator":"is_empty"}""", true)]
    [InlineData("""{"field":"nope","operator":"is_empty"}""", true)]
    [InlineData("""{"field":"name","operator":"is_empty"}""", false)]
    [InlineData("""{"field":"order.items.0.sku","operator":"equals","value":"LAPTOP-001"}""", true)]
    public void Every_operator_evaluates(string condition, bool expected) => Assert.Equal(expected, Eval(condition).Passed);

    [Fact]
    public void Failed_comparison_traces_field_operator_expected_actual_and_reason()
    {
        var r = Eval("""{"field":"order.total","operator":"less_than","value":1000}""");
        Assert.False(r.Passed);
        var t = Assert.Single(r.Trace);
        Assert.Equal(("order.total", "less_than", 1000.0, 1250.5, false), (t.Field, t.Operator, t.Expected!.GetValue<double>(), t.Actual!.GetValue<double>(), t.Passed));
        Assert.Equal("field 'order.total' = 1250.5: less_than 1000 is false", r.Reason);
    }

    [Fact]
    public void Groups_trace_every_sub_condition_even_after_the_decisive_one()
    {
        var and = Eval("""{"conditions":[{"field":"nope","operator":"exists"},{"field":"order.total","operator":"greater_than","value":1}],"combinator":"AND"}""");
        Assert.False(and.Passed);
        Assert.Equal(["nope", "order.total", null], and.Trace.Select(t => t.Field));
        Assert.Equal([false, true, false], and.Trace.Select(t => t.Passed));
        var or = Eval("""{"conditions":[{"field":"order.total","operator":"greater_than","value":1},{"field":"nope","operator":"exists"}],"combinator":"OR"}""");
        Assert.True(or.Passed);
        Assert.Equal([true, false, true], or.Trace.Select(t => t.Passed));
    }

    [Fact]
    public void Missing_field_and_incomparable_values_fail_with_reasons()
    {
        Assert.Equal("field 'nope' not found", Eval("""{"field":"nope","operator":"equals","value":1}""").Reason);
        Assert.Equal("field 'name': cannot compare \"Quarterly report\" with 5", Eval("""{"field":"name","operator":"greater_than","value":5}""").Reason);
    }

    [Fact]
    public void Metadata_is_looked_up_before_data()
    {
        Assert.True(Eval("""{"field":"score","operator":"equals","value":3}""", meta: Meta).Passed);
        Assert.True(Eval("""{"field":"department","operator":"equals","value":"engineering"}""", meta: Meta).Passed);
        Assert.True(Eval("""{"field":"order.customer.tier","operator":"equals","value":"premium"}""", meta: Meta).Passed);
    }

    [Fact]
    public void Regex_timeout_fails_the_condition_with_a_reason()
    {
        var data = new JsonObject { ["s"] = new string('a', 40000) + "!" };
        var r = Eval("""{"field":"s","operator":"matches","value":"^(a|aa)+$"}""", data);
        Assert.False(r.Passed);
        Assert.Contains("timed out", r.Reason);
        var bad = Eval("""{"field":"name","operator":"matches","value":"(unclosed"}""");
        Assert.False(bad.Passed);
        Assert.StartsWith("invalid pattern", bad.Reason);
    }

    [Fact]
    public void Groups_nest_with_and_or_not()
    {
        // Seed 001's "Smart Content Routing" shape.
        const string rule = """
            {"combinator":"AND","conditions":[
              {"group":"content_analysis","combinator":"AND","conditions":[
                {"field":"sentiment_score","operator":"less_than","value":0.3},
                {"field":"complexity_score","operator":"greater_than","value":0.7}]},
              {"group":"business_rules","combinator":"OR","conditions":[
                {"field":"customer_tier","operator":"equals","value":"premium"},
                {"field":"urgency","operator":"in","value":["high","critical"]}]},
              {"combinator":"NOT","conditions":[{"field":"blocked","operator":"equals","value":true}]}]}
            """;
        var match = JsonNode.Parse("""{"sentiment_score":0.2,"complexity_score":0.8,"customer_tier":"basic","urgency":"high"}""")!.AsObject();
        var r = Eval(rule, match);
        Assert.True(r.Passed);
        Assert.Contains(r.Trace, t => t.Path == "conditions[1]" && t.Operator == "OR" && t.Passed);
        Assert.Contains(r.Trace, t => t.Path == "conditions[1].conditions[0]" && t.Field == "customer_tier" && !t.Passed);

        var noUrgency = JsonNode.Parse("""{"sentiment_score":0.2,"complexity_score":0.8,"customer_tier":"basic","urgency":"low"}""")!.AsObject();
        var failed = Eval(rule, noUrgency);
        Assert.False(failed.Passed);
        Assert.StartsWith("none of 2 conditions passed", failed.Reason);

        var blocked = JsonNode.Parse("""{"sentiment_score":0.2,"complexity_score":0.8,"customer_tier":"premium","blocked":true}""")!.AsObject();
        Assert.Equal("NOT: a negated condition passed", Eval(rule, blocked).Reason);
    }

    [Theory]
    [InlineData("""{"type":"FieldExists","field":"order.total"}""", true)]
    [InlineData("""{"type":"FieldEquals","field":"order.customer.tier","value":"premium"}""", true)]
    [InlineData("""{"type":"FieldGreaterThan","field":"score","value":8}""", true)]
    [InlineData("""{"type":"FieldLessThan","field":"score","value":8}""", false)]
    [InlineData("""{"type":"FieldContains","field":"tags","value":"finance"}""", true)]
    [InlineData("""{"type":"And","rules":[{"type":"FieldExists","field":"score"},{"type":"FieldLessThan","field":"score","value":8}]}""", false)]
    [InlineData("""{"type":"Or","rules":[{"type":"FieldExists","field":"nope"},{"type":"FieldEquals","field":"score","value":9}]}""", true)]
    [InlineData("""{"type":"Not","rule":{"type":"FieldExists","field":"nope"}}""", true)]
    [InlineData("""{"type":"Not","rules":[{"type":"FieldExists","field":"score"}]}""", false)]
    public void Seed_rule_types_evaluate(string condition, bool expected) => Assert.Equal(expected, Eval(condition).Passed);

    [Fact]
    public void Json_logic_conditions_see_data_metadata_and_token()
    {
        var ctx = new EvaluationContext { Data = Data, Metadata = Meta, TokenId = "tok-1", Places = ["review"], Status = "active" };
        var ev = new ConditionEvaluator();
        Assert.True(ev.Evaluate(ConditionParser.Parse(JsonNode.Parse("""{">":[{"var":"data.score"},{"var":"metadata.score"}]}""")), ctx).Passed);
        Assert.True(ev.Evaluate(ConditionParser.Parse(JsonNode.Parse("""{"jsonLogic":{"in":["review",{"var":"token.places"}]}}""")), ctx).Passed);
        var failed = ev.Evaluate(ConditionParser.Parse(JsonNode.Parse("""{"==":[{"var":"token.id"},"other"]}""")), ctx);
        Assert.False(failed.Passed);
        Assert.Contains("evaluated to false", failed.Reason);
    }

    [Fact]
    public void Rule_references_resolve_through_the_resolver()
    {
        var rules = new RuleSet([RuleParser.Parse(JsonNode.Parse("""{"id":"high_score","name":"High score","conditions":[{"field":"score","operator":"greater_than","value":8}]}"""))]);
        Assert.True(Eval("\"high_score\"", rules: rules).Passed);
        var low = Eval("\"high_score\"", new JsonObject { ["score"] = 2 }, rules: rules);
        Assert.Equal("rule 'high_score' failed: field 'score' = 2: greater_than 8 is false", low.Reason);
        Assert.Equal("unknown rule 'ghost'", Eval("""{"rule":"ghost"}""", rules: rules).Reason);
    }

    [Fact]
    public void CreateRule_input_shape_parses_into_a_rule()
    {
        var rule = RuleParser.Parse(JsonNode.Parse("""
            {"name":"Smart Content Routing","type":"complex","definition":{
              "conditions":[{"group":"g1","conditions":[{"field":"a","operator":"less_than","value":0.3}],"combinator":"AND"},
                            {"group":"g2","conditions":[{"field":"b","operator":"equals","value":"x"}],"combinator":"OR"}],
              "combinator":"AND",
              "actions":[{"type":"route_to_human","config":{"queue":"expert_review"}}]}}
            """));
        Assert.Equal("smart_content_routing", rule.Id);
        var group = Assert.IsType<GroupCondition>(rule.Condition);
        Assert.Equal(Combinator.And, group.Combinator);
        Assert.Equal(["g1", "g2"], group.Conditions.Cast<GroupCondition>().Select(g => g.Group));
        Assert.Equal("route_to_human", rule.Actions![0]!["type"]!.GetValue<string>());
        var roundTrip = RuleParser.Parse(RuleParser.ToJson(rule));
        Assert.Equal(RuleParser.ToJson(rule).ToJsonString(), RuleParser.ToJson(roundTrip).ToJsonString());
        Assert.True(new ConditionEvaluator().Evaluate(rule, EvaluationContext.ForData(new JsonObject { ["a"] = 0.1, ["b"] = "x" })).Passed);
    }

    [Fact]
    public void The_top_level_json_logic_rule_form_of_the_api_docs_parses()
    {
        // docs/API.md: POST /rules takes {id, name?, …, jsonLogic}.
        var rule = RuleParser.Parse(JsonNode.Parse("""{"id":"big","jsonLogic":{">":[{"var":"data.amount"},100]}}"""));
        Assert.Equal("big", rule.Id);
        Assert.True(new ConditionEvaluator().Evaluate(rule, EvaluationContext.ForData(new JsonObject { ["amount"] = 150 })).Passed);
        Assert.False(new ConditionEvaluator().Evaluate(rule, EvaluationContext.ForData(new JsonObject { ["amount"] = 50 })).Passed);
        Assert.Equal(RuleParser.ToJson(rule).ToJsonString(), RuleParser.ToJson(RuleParser.Parse(RuleParser.ToJson(rule))).ToJsonString());
    }

    [Fact]
    public void Malformed_conditions_are_format_errors()
    {
        Assert.Equal("invalid_condition", Assert.Throws<WorkflowFormatException>(() => ConditionParser.Parse(JsonNode.Parse("""{"field":"a","operator":"between","value":1}"""), "c")).Code);
        Assert.Equal("c.type", Assert.Throws<WorkflowFormatException>(() => ConditionParser.Parse(JsonNode.Parse("""{"type":"Bogus"}"""), "c")).Path);
        Assert.Equal("unknown_operator", Assert.Throws<WorkflowFormatException>(() => ConditionParser.Parse(JsonNode.Parse("""{"nope":[1]}"""), "c")).Code);
        Assert.Equal("invalid_condition", Assert.Throws<WorkflowFormatException>(() => ConditionParser.Parse(JsonNode.Parse("42"), "c")).Code);
    }

    [Fact]
    public void Data_built_from_clr_values_evaluates()
    {
        var data = new JsonObject
        {
            ["due"] = JsonValue.Create(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero)),
            ["id"] = JsonValue.Create(Guid.Empty),
            ["count"] = JsonValue.Create(7L),
            ["price"] = JsonValue.Create(9.5m),
        };
        Assert.True(Eval("""{"field":"due","operator":"starts_with","value":"2024-03-01"}""", data).Passed);
        Assert.True(Eval("""{"field":"id","operator":"starts_with","value":"00000000-"}""", data).Passed);
        Assert.True(Eval("""{"field":"count","operator":"between","value":[7,8]}""", data).Passed);
        Assert.True(Eval("""{"and":[{">":[{"var":"data.price"},9]},{"in":["2024",{"var":"data.due"}]}]}""", data).Passed);
    }
}
