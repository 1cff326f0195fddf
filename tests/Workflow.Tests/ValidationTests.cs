using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Rules;
using CircuitBreaker.Workflow.Serialization;
using CircuitBreaker.Workflow.Validation;
using static CircuitBreaker.Workflow.Tests.NetBuilder;

namespace CircuitBreaker.Workflow.Tests;

public class ValidationTests
{
    private static ValidationIssue Single(ValidationResult r, string code) => Assert.Single(r.Issues, i => i.Code == code);

    [Fact]
    public void Unknown_place_is_located_in_the_seed_document()
    {
        var def = WorkflowSerializer.FromJson("""
            {"states":["a","b"],"transitions":[
              {"id":"t0","fromStates":["a"],"toState":"b"},
              {"id":"t1","fromStates":["b"],"toState":"a"},
              {"id":"t2","fromStates":["a"],"toState":"foo"}],"initialState":"a"}
            """);
        var r = WorkflowValidator.Validate(def);
        Assert.False(r.IsValid);
        Assert.Equal("transitions[2].toState: unknown place 'foo'", Single(r, ValidationCodes.UnknownPlace).ToString());
    }

    [Fact]
    public void Unknown_places_in_inputs_marking_and_final_places_are_reported()
    {
        var def = WorkflowSerializer.FromJson("""
            {"places":["a"],"transitions":[{"id":"t","inputs":["x"],"outputs":[{"place":"a"}]}],
             "initialMarking":{"y":1},"finalPlaces":["z"]}
            """);
        var messages = WorkflowValidator.Validate(def).Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("transitions[0].inputs[0]: unknown place 'x'", messages);
        Assert.Contains("initialMarking.y: unknown place 'y'", messages);
        Assert.Contains("finalPlaces[0]: unknown place 'z'", messages);
    }

    [Fact]
    public void Duplicate_ids_are_errors()
    {
        var def = WorkflowSerializer.FromJson("""
            {"states":["a","b","a"],"activities":[{"id":"t","fromStates":["a"],"toState":"b"},{"id":"t","fromStates":["b"],"toState":"a"}],"initialState":"a"}
            """);
        var issues = WorkflowValidator.Validate(def).Errors.Where(e => e.Code == ValidationCodes.DuplicateId).Select(e => e.ToString()).ToList();
        Assert.Equal(["states[2]: duplicate place id 'a'", "activities[1].id: duplicate transition id 't'"], issues);
    }

    [Fact]
    public void Empty_net_and_missing_initial_marking_are_errors()
    {
        var r = WorkflowValidator.Validate(new WorkflowDefinition());
        Assert.Equal("places: the net has no places", Single(r, ValidationCodes.EmptyNet).ToString());
        Assert.Equal(ValidationCodes.NoInitialMarking, Single(r, ValidationCodes.NoInitialMarking).Code);
        var noMarking = WorkflowValidator.Validate(Def(["a"], [], []));
        Assert.Equal("initialMarking: no initial marking: no place holds a token at start", Single(noMarking, ValidationCodes.NoInitialMarking).ToString());
    }

    [Fact]
    public void Weight_below_one_is_an_error()
    {
        var def = WorkflowSerializer.FromJson("""
            {"places":["a","b"],"transitions":[{"id":"t","inputs":[{"place":"a","weight":0}],"outputs":[{"place":"b","weight":-2}]}],"initialMarking":{"a":1}}
            """);
        var messages = WorkflowValidator.Validate(def).Errors.Where(e => e.Code == ValidationCodes.InvalidWeight).Select(e => e.ToString()).ToList();
        Assert.Equal(["transitions[0].inputs[0]: weight 0 is below 1", "transitions[0].outputs[0]: weight -2 is below 1"], messages);
    }

    [Fact]
    public void Empty_ids_and_non_positive_initial_counts_are_errors()
    {
        var def = WorkflowSerializer.FromJson("""
            {"places":["a",""],"transitions":[{"id":"","inputs":["a"],"outputs":["a"]}],"initialMarking":{"a":0}}
            """);
        var messages = WorkflowValidator.Validate(def).Errors.Select(e => (e.Code, e.ToString())).ToList();
        Assert.Contains((ValidationCodes.EmptyId, "places[1]: place id is empty"), messages);
        Assert.Contains((ValidationCodes.EmptyId, "transitions[0].id: transition id is empty"), messages);
        Assert.Contains((ValidationCodes.InvalidWeight, "initialMarking.a: token count 0 is below 1"), messages);
        Assert.Contains(messages, m => m.Code == ValidationCodes.NoInitialMarking);
    }

    [Fact]
    public void Transition_without_input_is_an_error()
    {
        var r = WorkflowValidator.Validate(Def(["a", "b"], [T("spawn", [], ["b"])], ["a"]));
        Assert.Equal("transitions[0]: transition 'spawn' has no input place", Single(r, ValidationCodes.TransitionWithoutInput).ToString());
    }

    [Fact]
    public void Unknown_rule_reference_is_an_error_when_rules_are_checked()
    {
        var def = WorkflowSerializer.FromJson("""
            {"states":["a","b"],"transitions":[{"id":"t","fromStates":["a"],"toState":"b","conditions":["known", {"combinator":"OR","conditions":["missing_rule"]}]}],"initialState":"a"}
            """);
        var known = new HashSet<string> { "known" };
        var r = WorkflowValidator.Validate(def, known.Contains);
        Assert.Equal("transitions[0].conditions[1].conditions[0]: unknown rule 'missing_rule'", Single(r, ValidationCodes.UnknownRule).ToString());
        Assert.True(WorkflowValidator.Validate(def, id => id is "known" or "missing_rule").IsValid);
    }

    [Fact]
    public void Unreachable_places_and_dead_transitions_are_warnings()
    {
        var r = WorkflowValidator.Validate(Def(["a", "b", "island", "c"],
            [T("go", ["a"], ["b"]), T("never", ["island"], ["c"]), T("join", ["b", "island"], ["c"])], ["a"], final: ["b"]));
        Assert.True(r.IsValid);
        Assert.Equal(
            ["places[2]: place 'island' is unreachable from the initial marking", "places[3]: place 'c' is unreachable from the initial marking"],
            r.Warnings.Where(w => w.Code == ValidationCodes.UnreachablePlace).Select(w => w.ToString()));
        Assert.Equal(["never", "join"], r.Warnings.Where(w => w.Code == ValidationCodes.DeadTransition).Select(w => w.Message.Split('\'')[1]));
    }

    [Fact]
    public void Missing_final_place_is_a_warning()
    {
        var r = WorkflowValidator.Validate(Def(["a", "b"], [T("t", ["a"], ["b"]), T("u", ["b"], ["a"])], ["a"]));
        Assert.True(r.IsValid);
        Assert.Equal(Severity.Warning, Single(r, ValidationCodes.NoFinalPlace).Severity);
    }

    [Fact]
    public void Malformed_documents_raise_located_format_errors()
    {
        var e = Assert.Throws<WorkflowFormatException>(() => WorkflowSerializer.FromJson("""{"states":["a"],"transitions":[{"id":"t","fromStates":"a"}]}"""));
        Assert.Equal(("invalid_document", "transitions[0].fromStates"), (e.Code, e.Path));
        var c = Assert.Throws<WorkflowFormatException>(() => WorkflowSerializer.FromJson(
            """{"states":["a"],"transitions":[{"id":"t","fromStates":["a"],"conditions":[{"field":"x","operator":"bigger","value":1}]}]}"""));
        Assert.Equal(("unknown_operator", "transitions[0].conditions[0].operator"), (c.Code, c.Path));
        var j = Assert.Throws<WorkflowFormatException>(() => WorkflowSerializer.FromJson("{ not json"));
        Assert.Equal("invalid_json", j.Code);
        var y = Assert.Throws<WorkflowFormatException>(() => WorkflowSerializer.FromYaml("a: [unclosed"));
        Assert.Equal("invalid_yaml", y.Code);
        var deep = string.Concat(Enumerable.Repeat("[", 5000)) + string.Concat(Enumerable.Repeat("]", 5000));
        Assert.Equal("invalid_yaml", Assert.Throws<WorkflowFormatException>(() => WorkflowSerializer.FromYaml("a: " + deep)).Code);
        Assert.Equal("invalid_yaml", Assert.Throws<WorkflowFormatException>(() => WorkflowSerializer.FromYaml("a: 1\na: 2")).Code);
        Assert.Equal("invalid_document", Assert.Throws<WorkflowFormatException>(() => WorkflowSerializer.FromYaml("- just a list")).Code);
    }
}
