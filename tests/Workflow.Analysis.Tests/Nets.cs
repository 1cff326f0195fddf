using CircuitBreaker.Workflow.Analysis.Net;

namespace CircuitBreaker.Workflow.Analysis.Tests;

/// <summary>Small textbook nets transcribed by hand. Arcs are written "in1,in2>t>out1,out2" with optional "place*weight".</summary>
internal static class Nets
{
    public static PlaceTransitionNet Build(string places, params string[] transitions)
    {
        var builder = new PlaceTransitionNetBuilder("test");
        foreach (var spec in places.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = spec.Split('=');
            var final = parts[0].EndsWith('!');
            builder.AddPlace(parts[0].TrimEnd('!'), parts.Length > 1 ? int.Parse(parts[1]) : 0, final: final);
        }
        foreach (var spec in transitions)
        {
            var parts = spec.Split('>');
            builder.AddTransition(parts[1]);
            foreach (var (place, weight) in Arcs(parts[0])) builder.AddArc(place, parts[1], weight);
            foreach (var (place, weight) in Arcs(parts[2])) builder.AddArc(parts[1], place, weight);
        }
        return builder.Build();
    }

    private static IEnumerable<(string, int)> Arcs(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Split('*') is var x && x.Length == 2 ? (x[0], int.Parse(x[1])) : (a, 1));

    /// <summary>AND-split into two parallel branches and AND-join (sound).</summary>
    public static PlaceTransitionNet ParallelSound() =>
        Build("i p1 p2 p3 p4 o", "i>split>p1,p2", "p1>a>p3", "p2>b>p4", "p3,p4>join>o");

    /// <summary>XOR-split where the right branch ends in an AND-join that waits forever for the left branch.</summary>
    public static PlaceTransitionNet XorSplitAndJoin() =>
        Build("i p1 p2 o", "i>left>p1", "i>right>p2", "p1>finish>o", "p1,p2>join>o");

    /// <summary>AND-split followed by XOR-join: the first branch to finish marks o while the other branch still holds a token.</summary>
    public static PlaceTransitionNet AndSplitXorJoin() =>
        Build("i p1 p2 o", "i>split>p1,p2", "p1>left>o", "p2>right>o");

    /// <summary>Sequence with a transition needing two tokens where at most one ever arrives.</summary>
    public static PlaceTransitionNet DeadTransition() =>
        Build("i p o", "i>start>p", "p>finish>o", "p*2>never>o");

    /// <summary>State machine with a rework loop and two final states.</summary>
    public static PlaceTransitionNet ReviewStateMachine(bool withDeadEnd)
    {
        var transitions = new List<string> { "draft>submit>review", "review>approve>approved", "review>reject>rejected", "review>rework>draft" };
        if (withDeadEnd) transitions.Add("review>escalate>escalated");
        return Build("draft=1 review approved! rejected! escalated", transitions.ToArray());
    }
}
