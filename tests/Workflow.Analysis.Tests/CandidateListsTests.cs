using CircuitBreaker.Workflow.Analysis.Exploration;

namespace CircuitBreaker.Workflow.Analysis.Tests;

public class CandidateListsTests
{
    [Fact]
    public void A_transition_is_filed_under_its_least_marked_input_once_a_sample_exists()
    {
        // "join" needs both "busy" (marked in most markings) and "rare".
        var net = Nets.Build("busy=1 rare other", "busy,rare>join>other", "other>back>busy,rare");
        var layout = new MarkingLayout(net.PlaceCount, 8);
        var join = net.TransitionIndex("join");
        var unsampled = CandidateLists.Build(net, layout, null);
        Assert.Contains(join, FiledUnder(unsampled, net.PlaceIndex("busy")));

        var counts = new long[net.PlaceCount];
        counts[net.PlaceIndex("busy")] = 900;
        counts[net.PlaceIndex("rare")] = 3;
        var sampled = CandidateLists.Build(net, layout, counts);
        Assert.Contains(join, FiledUnder(sampled, net.PlaceIndex("rare")));
        Assert.DoesNotContain(join, FiledUnder(sampled, net.PlaceIndex("busy")));
    }

    private static int[] FiledUnder(CandidateLists lists, int key) => lists.Transitions[lists.Start[key]..lists.Start[key + 1]];
}
