using CircuitBreaker.Workflow.Analysis.WorkflowNets;

namespace CircuitBreaker.Workflow.Analysis.Tests;

public class WorkflowSoundnessTests
{
    [Fact]
    public void Parallel_split_and_join_is_sound()
    {
        var report = SoundnessChecker.Check(Nets.ParallelSound());
        Assert.True(report.Structure.IsWorkflowNet);
        Assert.True(report.Sound);
        Assert.True(report.ShortCircuitedLiveAndBounded);
    }

    [Fact]
    public void Xor_split_with_and_join_deadlocks_with_witness()
    {
        var report = SoundnessChecker.Check(Nets.XorSplitAndJoin());
        Assert.True(report.Structure.IsWorkflowNet);
        Assert.False(report.Sound);
        Assert.False(report.OptionToComplete);
        Assert.Equal(["right"], report.OptionToCompleteCounterexample!.Transitions);
        Assert.Equal("{p2: 1}", report.OptionToCompleteCounterexample.MarkingText);
        Assert.Equal(["join"], report.DeadTransitions);
        Assert.True(report.ProperCompletion);
        Assert.False(report.ShortCircuitedLiveAndBounded);
    }

    [Fact]
    public void And_split_with_xor_join_completes_improperly_with_witness()
    {
        var report = SoundnessChecker.Check(Nets.AndSplitXorJoin());
        Assert.False(report.Sound);
        Assert.False(report.ProperCompletion);
        Assert.Equal(["split", "left"], report.ProperCompletionCounterexample!.Transitions);
        Assert.Equal("{p2: 1, o: 1}", report.ProperCompletionCounterexample.MarkingText);
        Assert.True(report.NoDeadTransitions);
        Assert.False(report.ShortCircuitedLiveAndBounded);
    }

    [Fact]
    public void Transition_that_can_never_fire_is_reported()
    {
        var report = SoundnessChecker.Check(Nets.DeadTransition());
        Assert.True(report.OptionToComplete);
        Assert.True(report.ProperCompletion);
        Assert.False(report.NoDeadTransitions);
        Assert.Equal(["never"], report.DeadTransitions);
        Assert.False(report.Sound);
    }

    [Fact]
    public void Net_with_two_sources_is_not_a_workflow_net()
    {
        var net = Nets.Build("i j o", "i,j>t>o");
        var structure = WorkflowNetStructure.Check(net);
        Assert.False(structure.IsWorkflowNet);
        Assert.Contains(structure.Problems, p => p.Contains("several source places: i, j"));
    }

    [Fact]
    public void Node_off_the_source_to_sink_path_is_named()
    {
        var net = Nets.Build("i p o q", "i>a>o", "q>b>p", "p>c>q");
        var structure = WorkflowNetStructure.Check(net);
        Assert.False(structure.IsWorkflowNet);
        Assert.Contains(structure.Problems, p => p.Contains("p, q, b, c"));
    }

    [Fact]
    public void State_machine_with_final_places_is_sound()
    {
        var report = SoundnessChecker.Check(Nets.ReviewStateMachine(withDeadEnd: false), SoundnessMode.FinalPlaces);
        Assert.True(report.Sound);
    }

    [Fact]
    public void State_machine_dead_end_is_found_with_shortest_path()
    {
        var report = SoundnessChecker.Check(Nets.ReviewStateMachine(withDeadEnd: true), SoundnessMode.FinalPlaces);
        Assert.False(report.Sound);
        Assert.Equal(["submit", "escalate"], report.OptionToCompleteCounterexample!.Transitions);
        Assert.Equal("{escalated: 1}", report.OptionToCompleteCounterexample.MarkingText);
    }

    [Fact]
    public void Unbounded_workflow_net_is_not_sound()
    {
        var report = SoundnessChecker.Check(Nets.Build("i p q o", "i>start>p", "p>spawn>p,q", "p,q>end>o"));
        Assert.False(report.Bounded);
        Assert.False(report.Sound);
        Assert.Equal(["q"], report.UnboundedPlaces.Select(u => u.Place));
    }
}
