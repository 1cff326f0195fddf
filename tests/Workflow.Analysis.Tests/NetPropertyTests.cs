using CircuitBreaker.Workflow.Analysis.Coverability;
using CircuitBreaker.Workflow.Analysis.Exploration;

namespace CircuitBreaker.Workflow.Analysis.Tests;

public class NetPropertyTests
{
    [Fact]
    public void Unbounded_net_names_its_omega_places_with_a_pumping_sequence()
    {
        // produce keeps its token on p0 and adds one to buffer; consume moves buffer tokens to done.
        var net = Nets.Build("p0=1 buffer done", "p0>produce>p0,buffer", "buffer>consume>done");
        var report = NetAnalyzer.Analyze(net);
        Assert.False(report.Bounded);
        Assert.Null(report.Properties);
        var unbounded = report.Coverability!.UnboundedPlaces;
        Assert.Equal(["buffer", "done"], unbounded.Select(u => u.Place));
        Assert.Equal(["produce"], unbounded[0].Pump);
        Assert.Empty(unbounded[0].Prefix.Transitions);
        // Replaying prefix + pump really grows the place.
        var m = net.InitialMarking.ToArray();
        foreach (var t in unbounded[1].Prefix.Transitions.Concat(unbounded[1].Pump))
        {
            Assert.True(net.IsEnabled(net.TransitionIndex(t), m));
            net.Fire(net.TransitionIndex(t), m);
        }
        Assert.True(m[net.PlaceIndex("done")] > unbounded[1].Prefix.Marking[net.PlaceIndex("done")]);
    }

    [Fact]
    public void Bounded_net_is_reported_bounded_by_coverability()
    {
        var result = CoverabilityAnalyzer.Analyze(Nets.ParallelSound().WithInitialMarking([1, 0, 0, 0, 0, 0]));
        Assert.True(result.Decided);
        Assert.True(result.Bounded);
        Assert.Equal(6, result.Nodes);
    }

    [Fact]
    public void Weighted_arcs_consume_and_produce_their_weight()
    {
        var net = Nets.Build("a=5 b", "a*2>pack>b", "b*2>unpack>a*3");
        var report = NetAnalyzer.Analyze(net);
        var p = report.Properties!;
        // 5,0 -pack-> 3,1 -pack-> 1,2 -unpack-> 4,0 -pack-> 2,1 -pack-> 0,2 -unpack-> 3,0 -pack-> 1,1 (stuck)
        int[][] reachable = [[5, 0], [3, 1], [1, 2], [4, 0], [2, 1], [0, 2], [3, 0], [1, 1]];
        Assert.Equal(8, p.States);
        Assert.Equal(7, p.Edges);
        Assert.All(reachable, m => Assert.True(report.Graph!.IndexOf(m) >= 0));
        Assert.Equal(5, p.PlaceBounds.Single(b => b.Place == "a").Bound);
        var dead = Assert.Single(p.DeadMarkings);
        Assert.Equal(["pack", "pack", "unpack", "pack", "pack", "unpack", "pack"], dead.Witness.Transitions);
        Assert.Equal("{a: 1, b: 1}", dead.Witness.MarkingText);
    }

    [Fact]
    public void Weighted_arcs_give_exact_state_space()
    {
        var net = Nets.Build("a=4 b", "a*2>t>b");
        var report = NetAnalyzer.Analyze(net);
        var p = report.Properties!;
        Assert.Equal(3, p.States);
        Assert.Equal(2, p.Edges);
        Assert.Equal(4, p.MaxTokensInPlace);
        Assert.Equal(4, p.MaxTokensPerMarking);
        Assert.Equal(2, p.PlaceBounds[1].Bound);
        Assert.Equal(["t", "t"], p.PlaceBounds[1].Witness.Transitions);
        var dead = Assert.Single(p.DeadMarkings);
        Assert.False(dead.IsFinal);
        Assert.Equal("{b: 2}", dead.Witness.MarkingText);
        Assert.Equal(8, report.Graph!.BitsPerPlace);
    }

    [Fact]
    public void Cycle_is_live_reversible_and_one_safe()
    {
        var net = Nets.Build("a=1 b c", "a>x>b", "b>y>c", "c>z>a");
        var p = NetAnalyzer.Analyze(net).Properties!;
        Assert.True(p.Live);
        Assert.True(p.Reversible);
        Assert.NotNull(p.HomeMarking);
        Assert.True(p.OneSafe);
        Assert.False(p.Deadlock);
        Assert.False(p.StableMarking);
    }

    [Fact]
    public void Choice_into_a_separate_cycle_makes_transitions_non_live_with_witness()
    {
        // After "leave" the token circles in d/e forever and x, y, leave never fire again.
        var net = Nets.Build("a=1 b d e", "a>x>b", "b>y>a", "b>leave>d", "d>u>e", "e>v>d");
        var p = NetAnalyzer.Analyze(net).Properties!;
        Assert.False(p.Live);
        Assert.True(p.QuasiLive);
        Assert.False(p.Reversible);
        Assert.Equal(["x", "y", "leave"], p.NonLiveTransitions.Select(n => n.Transition));
        Assert.Equal(["x", "leave"], p.NonLiveTransitions[0].Witness.Transitions);
        Assert.Equal(["x", "leave"], p.HomeMarking!.Transitions);
    }

    [Fact]
    public void Final_place_markings_are_told_apart_from_deadlocks()
    {
        var net = Nets.Build("s=1 done! stuck", "s>finish>done", "s>fail>stuck");
        var p = NetAnalyzer.Analyze(net).Properties!;
        Assert.True(p.Deadlock);
        Assert.True(p.RealDeadlock);
        Assert.Equal([true, false], p.DeadMarkings.Select(d => d.IsFinal));
        Assert.Equal(["fail"], p.DeadMarkings[1].Witness.Transitions);
    }

    [Fact]
    public void Stable_place_and_dead_transition_are_found()
    {
        var net = Nets.Build("a=1 b lock=1 never", "a,lock>x>b,lock", "b>y>a", "never>z>a");
        var p = NetAnalyzer.Analyze(net).Properties!;
        Assert.Equal(["lock", "never"], p.StablePlaces);
        Assert.Equal(["z"], p.DeadTransitions);
        Assert.False(p.QuasiLive);
    }

    [Fact]
    public void One_safe_net_uses_one_bit_per_place()
    {
        var graph = ReachabilityExplorer.Explore(Nets.Build("a=1 b c", "a>x>b", "b>y>c", "c>z>a"));
        Assert.Equal(1, graph.BitsPerPlace);
        Assert.Equal(3, graph.StateCount);
    }

    [Fact]
    public void State_limit_stops_exploration_without_properties()
    {
        var net = Nets.Build("a=1 b=1 c=1 d=1 a2 b2 c2 d2", "a>ta>a2", "a2>ua>a", "b>tb>b2", "b2>ub>b", "c>tc>c2", "c2>uc>c", "d>td>d2", "d2>ud>d");
        var graph = ReachabilityExplorer.Explore(net, new ExplorationOptions { MaxStates = 5 });
        Assert.Equal(ExplorationStop.StateLimit, graph.Stop);
        Assert.Equal(5, graph.StateCount);
        Assert.Equal(16, ReachabilityExplorer.Explore(net).StateCount);
    }

    [Fact]
    public void Cancellation_and_progress_are_honoured()
    {
        var net = Pnml.PnmlReader.ReadFile(Path.Combine(TestData.PetriMcc, "Philosophers-PT-000010", "model.pnml"));
        var progress = new RecordingProgress();
        var graph = ReachabilityExplorer.Explore(net, new ExplorationOptions { Progress = progress, ProgressInterval = TimeSpan.Zero });
        Assert.True(graph.IsComplete);
        Assert.NotEmpty(progress.Reports);
        Assert.True(progress.Reports.Zip(progress.Reports.Skip(1)).All(p => p.First.StatesExpanded < p.Second.StatesExpanded));

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var cancelled = ReachabilityExplorer.Explore(net, new ExplorationOptions { CancellationToken = cts.Token });
        Assert.Equal(ExplorationStop.Cancelled, cancelled.Stop);
    }

    [Fact]
    public void Time_limit_stops_exploration()
    {
        var net = Pnml.PnmlReader.ReadFile(Path.Combine(TestData.PetriMcc, "Philosophers-PT-000010", "model.pnml"));
        var graph = ReachabilityExplorer.Explore(net, new ExplorationOptions { TimeLimit = TimeSpan.FromTicks(1) });
        Assert.Equal(ExplorationStop.TimeLimit, graph.Stop);
        Assert.False(graph.IsComplete);
        Assert.Null(NetAnalyzer.Analyze(net, new ExplorationOptions { TimeLimit = TimeSpan.FromTicks(1), MaxCoverabilityNodes = 10 }).Properties);
    }

    private sealed class RecordingProgress : IProgress<ExplorationProgress>
    {
        public List<ExplorationProgress> Reports { get; } = [];
        public void Report(ExplorationProgress value) => Reports.Add(value);
    }
}
