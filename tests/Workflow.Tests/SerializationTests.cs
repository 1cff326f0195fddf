using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Rules;
using CircuitBreaker.Workflow.Serialization;
using CircuitBreaker.Workflow.Validation;

namespace CircuitBreaker.Workflow.Tests;

public class SerializationTests
{
    // Seed 001's createWorkflow input, verbatim apart from GraphQL → JSON quoting.
    private const string SeedActivities = """
        {"name":"Document Approval","states":["submitted","under_review","approved","rejected","published"],
         "initialState":"submitted",
         "activities":[
           {"id":"start_review","fromStates":["submitted"],"toState":"under_review",
            "agentConfig":{"llmProvider":"openai","model":"gpt-4","systemPrompt":"Review document for compliance and quality"}},
           {"id":"approve_document","fromStates":["under_review"],"toState":"approved",
            "conditions":[{"field":"score","operator":"greater_than","value":8}]}]}
        """;

    [Fact]
    public void Seed_activities_shape_maps_onto_the_net()
    {
        var def = WorkflowSerializer.FromJson(SeedActivities);
        Assert.Equal(["submitted", "under_review", "approved", "rejected", "published"], def.Places.Select(p => p.Id));
        var review = def.Transitions[0];
        Assert.Equal([("submitted", 1)], review.Inputs.Select(a => (a.Place, a.Weight)));
        Assert.Equal([("under_review", 1)], review.Outputs.Select(a => (a.Place, a.Weight)));
        Assert.Equal("gpt-4", review.AgentConfig!["model"]!.GetValue<string>());
        var cond = Assert.IsType<FieldCondition>(Assert.Single(def.Transitions[1].Conditions));
        Assert.Equal(("score", ConditionOperator.GreaterThan), (cond.Field, cond.Operator));
        Assert.Equal(Marking.Of("submitted"), def.CreateInitialMarking());
        // No finalStates given: sinks (nothing consumes from them) are final.
        Assert.Equal(["approved", "rejected", "published"], def.FinalPlaces);
        Assert.Equal("activities[1].toState", def.Transitions[1].Outputs[0].Source);
    }

    [Fact]
    public void Several_fromStates_become_alternatives_and_toStates_a_fork()
    {
        var def = WorkflowSerializer.FromJson("""
            {"states":["a","b","c","d"],"transitions":[{"id":"t","fromStates":["a","b"],"toStates":["c","d"]}],"initialState":"a"}
            """);
        var t = def.Transitions[0];
        Assert.Empty(t.Inputs);
        Assert.Equal(["a", "b"], t.AnyOf.Select(a => a.Place));
        Assert.Equal(["c", "d"], t.Outputs.Select(a => a.Place));
        Assert.Equal(Marking.Of("c", "d"), new CompiledNet(def).Fire(Marking.Of("b"), "t").Marking);
    }

    [Fact]
    public void Seed_view_properties_answer_the_seed_query_shape()
    {
        var def = WorkflowSerializer.FromJson(SeedActivities);
        Assert.Equal(["submitted", "under_review", "approved", "rejected", "published"], def.States);
        Assert.Equal("submitted", def.InitialState);
        Assert.Equal(["under_review"], def.Transitions[1].FromStates);
        Assert.Equal("approved", def.Transitions[1].ToState);
        var fork = WorkflowSerializer.FromJson("""{"states":["a","b","c","d"],"transitions":[{"id":"t","inputs":["a"],"fromStates":["b","c"],"toStates":["c","d"]}],"initialState":"a"}""");
        Assert.Equal(["a", "b", "c"], fork.Transitions[0].FromStates);
        Assert.Equal(["c", "d"], fork.Transitions[0].ToStates);
    }

    [Fact]
    public void Json_round_trip_preserves_the_definition()
    {
        var def = WorkflowSerializer.FromJson(SeedActivities);
        var json = WorkflowSerializer.ToJson(def);
        var again = WorkflowSerializer.FromJson(json);
        Assert.Equal(json, WorkflowSerializer.ToJson(again));
        Assert.Contains("\"agentConfig\"", json);
        Assert.Contains("\"initialMarking\"", json);
        Assert.Equal(def.Transitions[0].AgentConfig!.ToJsonString(), again.Transitions[0].AgentConfig!.ToJsonString());
    }

    [Fact]
    public void Yaml_round_trip_preserves_the_definition_including_all_condition_forms()
    {
        var def = WorkflowSerializer.FromJson("""
            {"id":"wf","name":"All forms","version":3,"places":[{"id":"a","name":"Start","description":"where it begins"},"b","c","true"],
             "transitions":[{"id":"t","inputs":[{"place":"a","weight":2}],"outputs":["b","c"],
               "conditions":["some_rule",{"field":"x.y","operator":"between","value":[1,2]},
                 {"group":"g","combinator":"OR","conditions":[{"field":"s","operator":"equals","value":"123"}]},
                 {">":[{"var":"data.n"},1]}],"metadata":{"owner":"ops","null_is_kept":null}},
              {"id":"u","fromStates":["b","c"],"toState":"true"}],
             "initialMarking":{"a":2},"finalPlaces":["true"],"metadata":{"k":[1,"2",false]}}
            """);
        var yaml = WorkflowSerializer.ToYaml(def);
        var again = WorkflowSerializer.FromYaml(yaml);
        Assert.Equal(WorkflowSerializer.ToJson(def), WorkflowSerializer.ToJson(again));
        Assert.Equal("123", ((FieldCondition)((GroupCondition)again.Transitions[0].Conditions[2]).Conditions[0]).Value!.GetValue<string>());
        Assert.Equal("true", again.Places[3].Id);
        Assert.IsType<JsonLogicCondition>(again.Transitions[0].Conditions[3]);
    }

    [Fact]
    public void Yaml_seed_shape_loads()
    {
        var def = WorkflowSerializer.FromYaml("""
            name: Document Approval
            states: [draft, review, approved, rejected]
            transitions:
              - { id: submit, fromStates: [draft], toState: review }
              - { id: approve, fromStates: [review], toState: approved }
              - { id: reject, fromStates: [review], toState: rejected }
              - { id: revise, fromStates: [rejected], toState: draft }  # Cycle!
            initialState: draft
            """);
        Assert.Equal(4, def.Transitions.Count);
        Assert.True(WorkflowValidator.Validate(def).IsValid);
        Assert.Equal(["approved"], def.FinalPlaces);
    }

    [Fact]
    public void System_text_json_serializes_definitions_rules_and_conditions_for_grain_state()
    {
        var def = WorkflowSerializer.FromJson(SeedActivities);
        var json = System.Text.Json.JsonSerializer.Serialize(def);
        var back = System.Text.Json.JsonSerializer.Deserialize<WorkflowDefinition>(json)!;
        Assert.Equal(WorkflowSerializer.ToJson(def), WorkflowSerializer.ToJson(back));

        var rule = RuleParser.Parse(JsonNode.Parse("""{"id":"r","name":"R","tags":["t"],"version":2,"condition":{"combinator":"OR","conditions":["other",{"==":[1,1]}]}}"""));
        var ruleBack = System.Text.Json.JsonSerializer.Deserialize<Rule>(System.Text.Json.JsonSerializer.Serialize(rule))!;
        Assert.Equal((rule.Id, rule.Version, rule.Tags.Single()), (ruleBack.Id, ruleBack.Version, ruleBack.Tags.Single()));
        Assert.Equal(rule.Condition.ToJson()!.ToJsonString(), ruleBack.Condition.ToJson()!.ToJsonString());

        Condition c = new FieldCondition("a.b", ConditionOperator.Matches, JsonValue.Create("^x"));
        Assert.Equal("""{"field":"a.b","operator":"matches","value":"^x"}""", System.Text.Json.JsonSerializer.Serialize(c));
        var cBack = Assert.IsType<FieldCondition>(System.Text.Json.JsonSerializer.Deserialize<Condition>(System.Text.Json.JsonSerializer.Serialize(c)));
        Assert.Equal(("a.b", ConditionOperator.Matches, "^x"), (cBack.Field, cBack.Operator, cBack.Value!.GetValue<string>()));
    }
}
