using CircuitBreaker.Workflow.Serialization;
using CircuitBreaker.Workflow.Validation;

namespace CircuitBreaker.Workflow.Tests;

public class DefinitionLimitsTests
{
    private static readonly string Small = """
        {"id":"w","places":[{"id":"a"},{"id":"b"},{"id":"c"}],
         "transitions":[{"id":"ab","inputs":["a"],"outputs":["b"]},{"id":"bc","inputs":["b"],"outputs":["c"]}],
         "initialMarking":{"a":1},"finalPlaces":["c"]}
        """;

    [Fact]
    public void A_definition_within_the_limits_has_no_violation()
    {
        Assert.Null(new DefinitionLimits().Violation(WorkflowSerializer.FromJson(Small)));
    }

    [Theory]
    [InlineData(2, 10, 10, "3 places; at most 2 are allowed (MaxPlaces)")]
    [InlineData(10, 1, 10, "2 transitions; at most 1 are allowed (MaxTransitions)")]
    [InlineData(10, 10, 3, "4 arcs; at most 3 are allowed (MaxArcs)")]
    public void Each_limit_is_named_when_exceeded(int places, int transitions, int arcs, string expected)
    {
        var limits = new DefinitionLimits { MaxPlaces = places, MaxTransitions = transitions, MaxArcs = arcs };
        Assert.EndsWith(expected, limits.Violation(WorkflowSerializer.FromJson(Small)));
    }
}
