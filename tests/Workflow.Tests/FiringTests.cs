using CircuitBreaker.Workflow.Net;
using static CircuitBreaker.Workflow.Tests.NetBuilder;

namespace CircuitBreaker.Workflow.Tests;

public class FiringTests
{
    [Fact]
    public void Fork_marks_several_places_at_once()
    {
        var net = new CompiledNet(Def(["a", "b", "c"], [T("fork", ["a"], ["b", "c"])], ["a"]));
        var after = net.Fire(Marking.Of("a"), "fork");
        Assert.Equal(Marking.Of("b", "c"), after.Marking);
        Assert.Equal(Marking.Of("a"), after.Consumed);
        Assert.Equal(Marking.Of("b", "c"), after.Produced);
    }

    [Fact]
    public void Join_needs_every_input_marked()
    {
        var net = new CompiledNet(Def(["a", "b", "c"], [T("join", ["a", "b"], ["c"])], ["a", "b"]));
        Assert.Empty(net.EnabledTransitions(Marking.Of("a")));
        Assert.Equal(["b"], net.MissingInputs(Marking.Of("a"), "join"));
        Assert.Single(net.EnabledTransitions(Marking.Of("a", "b")));
        Assert.Equal(Marking.Of("c"), net.Fire(Marking.Of("a", "b"), "join").Marking);
        Assert.Throws<InvalidOperationException>(() => net.Fire(Marking.Of("b"), "join"));
    }

    [Fact]
    public void Weights_consume_and_produce_several_tokens()
    {
        var net = new CompiledNet(Def(["a", "b"], [T("two_for_three", ["a*2"], ["b*3"])], ["a*2"]));
        Assert.Empty(net.EnabledTransitions(Marking.Of("a")));
        Assert.Equal(["a (needs 2, has 1)"], net.MissingInputs(Marking.Of("a"), "two_for_three"));
        var after = net.Fire(Marking.Of("a", "a", "a"), "two_for_three");
        Assert.Equal(1, after.Marking["a"]);
        Assert.Equal(3, after.Marking["b"]);
    }

    [Fact]
    public void Cycles_fire_repeatedly_and_return_to_the_start()
    {
        var net = new CompiledNet(Def(["draft", "review", "rejected"],
            [T("submit", ["draft"], ["review"]), T("reject", ["review"], ["rejected"]), T("revise", ["rejected"], ["draft"])], ["draft"]));
        var m = Marking.Of("draft");
        for (var round = 0; round < 3; round++)
            foreach (var t in new[] { "submit", "reject", "revise" }) m = net.Fire(m, t).Marking;
        Assert.Equal(Marking.Of("draft"), m);
    }

    [Fact]
    public void AnyOf_alternatives_take_one_token_from_the_first_marked_place()
    {
        var net = new CompiledNet(Def(["staging", "production", "rollback"],
            [T("rollback", [], ["rollback"], anyOf: ["staging", "production"])], ["staging"]));
        Assert.Equal(Marking.Of("rollback"), net.Fire(Marking.Of("production"), "rollback").Marking);
        var both = net.Fire(Marking.Of("staging", "production"), "rollback");
        Assert.Equal(Marking.Of("production", "rollback"), both.Marking);
        Assert.Equal(Marking.Of("staging"), both.Consumed);
        Assert.Equal(["one of staging | production"], net.MissingInputs(Marking.Empty, "rollback"));
    }

    [Fact]
    public void Vector_firing_matches_marking_firing_and_refuses_disabled()
    {
        var net = new CompiledNet(Def(["a", "b", "c"], [T("t1", ["a"], ["b"]), T("t2", ["b", "a"], ["c*2"])], ["a*2"]));
        var v = net.ToVector(Marking.From([new("a", 2)]));
        Span<int> enabled = stackalloc int[2];
        Assert.Equal(1, net.EnabledTransitions(v, enabled));
        Assert.True(net.TryFire(net.TransitionIndex("t1"), v));
        Assert.Equal(2, net.EnabledTransitions(v, enabled));
        Assert.True(net.TryFire(net.TransitionIndex("t2"), v));
        Assert.Equal(Marking.From([new("c", 2)]), net.ToMarking(v));
        Assert.False(net.TryFire(net.TransitionIndex("t1"), v));
        Assert.Equal(Marking.From([new("c", 2)]), net.ToMarking(v));
    }

    [Fact]
    public void Completion_requires_only_final_places_marked()
    {
        var net = new CompiledNet(Def(["a", "done", "other"], [], ["a"], final: ["done"]));
        Assert.True(net.IsCompleted(Marking.Of("done")));
        Assert.False(net.IsCompleted(Marking.Of("done", "other")));
        Assert.False(net.IsCompleted(Marking.Empty));
    }

    [Fact]
    public void ExpandAnyOf_yields_an_equivalent_plain_net()
    {
        var def = Def(["s", "p", "r"], [T("rollback", [], ["r"], anyOf: ["s", "p"])], ["s"]);
        var plain = def.ExpandAnyOf();
        Assert.Equal(["rollback#s", "rollback#p"], plain.Transitions.Select(t => t.Id));
        Assert.All(plain.Transitions, t => Assert.Empty(t.AnyOf));
        Assert.Equal(Marking.Of("r"), new CompiledNet(plain).Fire(Marking.Of("p"), "rollback#p").Marking);
    }
}
