using CircuitBreaker.Workflow.Serialization;
using CircuitBreaker.Workflow.Validation;

namespace CircuitBreaker.Workflow.Tests;

public class GuardedExitsTests
{
    [Fact]
    public void A_non_final_place_left_only_through_guarded_transitions_is_found()
    {
        var def = WorkflowSerializer.FromJson("""
            {"id":"w","places":[{"id":"a"},{"id":"b"},{"id":"c"},{"id":"d"}],
             "transitions":[
               {"id":"ab","inputs":["a"],"outputs":["b"],"conditions":[{"field":"x","operator":"equals","value":1}]},
               {"id":"ac","inputs":["a"],"outputs":["c"]},
               {"id":"bd","inputs":["b"],"outputs":["d"],"conditions":[{"field":"y","operator":"equals","value":1}]},
               {"id":"dd","inputs":["d"],"outputs":["d"],"conditions":[{"field":"y","operator":"equals","value":1}]}],
             "initialMarking":{"a":1},"finalPlaces":["c","d"]}
            """);
        // 'a' has an unguarded exit; 'd' is final; 'c' has no exit at all.
        var found = Assert.Single(GuardedExits.Find(def));
        Assert.Equal("b", found.Place);
        Assert.Equal(["bd"], found.Transitions);
        var warning = Assert.Single(WorkflowValidator.Validate(def).Warnings, w => w.Code == ValidationCodes.GuardedExitsOnly);
        Assert.Contains("'b'", warning.Message);
    }
}
