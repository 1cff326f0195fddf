using CircuitBreaker.Workflow.Analysis.Exploration;
using CircuitBreaker.Workflow.Analysis.Pnml;

namespace CircuitBreaker.Workflow.Analysis.Tests;

/// <summary>The compact state store: implied places left out of the key, parents recovered by un-firing.</summary>
public class StateStoreTests
{
    [Fact]
    public void A_cycle_stores_one_place_and_implies_the_other()
    {
        var net = Nets.Build("a=1 b", "a>t>b", "b>u>a");
        var implied = ImpliedPlaces.Of(net);
        Assert.Single(implied.Kept);
        var formula = Assert.Single(implied.Implied);
        // a + b = 1 whichever place is kept.
        Assert.Equal(1, formula.Denominator);
        Assert.Equal(1, formula.Constant);
        Assert.Equal([-1L], formula.Coefficients);
    }

    [Fact]
    public void Non_unit_invariant_weights_are_exact()
    {
        // 3a + 2b = 18 holds in every marking; neither place has a ±1 coefficient in the other's formula.
        var net = Nets.Build("a=6 b", "a*2>t>b*3");
        var graph = ReachabilityExplorer.Explore(net);
        Assert.Equal(1, graph.StoredPlaces);
        int[][] expected = [[6, 0], [4, 3], [2, 6], [0, 9]];
        Assert.Equal(expected, Enumerable.Range(0, graph.StateCount).Select(graph.Marking));
    }

    [Fact]
    public void IndexOf_rejects_a_marking_that_only_shares_the_stored_places()
    {
        var graph = ReachabilityExplorer.Explore(Nets.Build("a=1 b", "a>t>b", "b>u>a"));
        Assert.True(graph.IndexOf([1, 0]) >= 0);
        Assert.True(graph.IndexOf([0, 1]) >= 0);
        Assert.Equal(-1, graph.IndexOf([0, 0]));
        Assert.Equal(-1, graph.IndexOf([1, 1]));
    }

    [Fact]
    public void A_net_without_transitions_has_only_its_initial_marking()
    {
        var graph = ReachabilityExplorer.Explore(Nets.Build("a=1 b=3"));
        Assert.Equal(1, graph.StateCount);
        Assert.Equal(0, graph.StoredPlaces);
        Assert.Equal([1, 3], graph.Marking(0));
    }

    // One-word and multi-word 1-safe nets, 8-bit nets, nets with weighted arcs.
    [Theory]
    [InlineData("RwMutex-PT-r0010w0100")]
    [InlineData("LamportFastMutEx-PT-2")]
    [InlineData("DatabaseWithMutex-PT-02")]
    [InlineData("DoubleExponent-PT-001")]
    [InlineData("CircularTrains-PT-012")]
    [InlineData("IOTPpurchase-PT-C01M01P01D01")]
    public void Every_state_is_reached_by_replaying_its_shortest_path(string name)
    {
        var net = PnmlReader.ReadFile(Path.Combine(TestData.PetriMcc, name, "model.pnml"));
        var graph = ReachabilityExplorer.Explore(net);
        Assert.True(graph.IsComplete);
        Assert.True(graph.StoredPlaces < net.PlaceCount, "these nets have place invariants");
        var previousLength = 0;
        var seen = new HashSet<string>();
        for (var s = 0; s < graph.StateCount; s++)
        {
            var marking = net.InitialMarking.ToArray();
            var path = graph.PathTo(s);
            foreach (var t in path)
            {
                Assert.True(net.IsEnabled(t, marking));
                net.Fire(t, marking);
            }
            Assert.Equal(marking, graph.Marking(s));
            Assert.True(seen.Add(string.Join(',', marking)), "markings are stored once");
            // BFS order: paths never get shorter as the state index grows.
            Assert.True(path.Count >= previousLength);
            previousLength = path.Count;
        }
    }

    [Fact]
    public void Implied_places_of_every_shared_net_hold_in_the_initial_marking()
    {
        foreach (var dir in Directory.GetDirectories(TestData.PetriMcc))
        {
            var net = PnmlReader.ReadFile(Path.Combine(dir, "model.pnml"));
            foreach (var f in ImpliedPlaces.Of(net).Implied)
            {
                var sum = f.Constant + f.Places.Select((p, i) => f.Coefficients[i] * net.InitialMarking[p]).Sum();
                Assert.Equal(f.Denominator * net.InitialMarking[f.Place], sum);
            }
        }
    }

}
