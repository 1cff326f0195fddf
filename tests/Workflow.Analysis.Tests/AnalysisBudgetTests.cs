using CircuitBreaker.Workflow.Analysis.Exploration;
using CircuitBreaker.Workflow.Analysis.Net;
using CircuitBreaker.Workflow.Analysis.Reports;

namespace CircuitBreaker.Workflow.Analysis.Tests;

/// <summary>The memory budget's arithmetic, the deadline shared by the passes, and explorations that end at a budget.</summary>
public class AnalysisBudgetTests
{
    [Fact]
    public void Without_a_memory_budget_the_state_limit_is_the_cap()
    {
        Assert.Equal((500, ExplorationStop.StateLimit), StateBudget.StateCap(new ExplorationOptions { MaxStates = 500 }, 125));
    }

    [Fact]
    public void The_lower_of_state_limit_and_memory_budget_caps_the_states_and_names_the_stop()
    {
        var perState = StateBudget.BytesPerState(125);
        Assert.Equal(2 * 125 + StateBudget.StateOverheadBytes, perState);
        var options = new ExplorationOptions { MaxStates = 200_000, MaxMemoryBytes = perState * 1_000 };
        Assert.Equal((1_000, ExplorationStop.MemoryBudget), StateBudget.StateCap(options, 125));
        Assert.Equal((200_000, ExplorationStop.StateLimit), StateBudget.StateCap(options with { MaxMemoryBytes = long.MaxValue }, 125));
        // A budget smaller than one state still lets the initial marking in.
        Assert.Equal(1, StateBudget.StateCap(options with { MaxMemoryBytes = 1 }, 125).States);
    }

    [Fact]
    public void Coverability_nodes_are_lowered_to_what_fits()
    {
        var options = new ExplorationOptions { MaxMemoryBytes = 1_000 * (4_000 + StateBudget.NodeOverheadBytes) };
        Assert.Equal(1_000, StateBudget.CoverabilityNodes(options, 1_000, 20_000));
        Assert.Equal(500, StateBudget.CoverabilityNodes(options, 1_000, 500));
        Assert.Equal(20_000, StateBudget.CoverabilityNodes(new ExplorationOptions(), 1_000, 20_000));
    }

    [Fact]
    public void Later_passes_get_what_is_left_of_the_deadline()
    {
        var options = new AnalysisBudget { Deadline = TimeSpan.FromSeconds(10) }.ToOptions();
        Assert.Equal(TimeSpan.FromSeconds(7), AnalysisBudget.Remaining(options, TimeSpan.FromSeconds(3)).TimeLimit);
        Assert.Equal(TimeSpan.Zero, AnalysisBudget.Remaining(options, TimeSpan.FromSeconds(12)).TimeLimit);
        Assert.Null(AnalysisBudget.Remaining(new ExplorationOptions(), TimeSpan.FromSeconds(3)).TimeLimit);
    }

    [Fact]
    public void An_exploration_over_its_memory_budget_stops_with_what_it_found()
    {
        // 12 independent toggles: 4,096 states; the budget holds about 100 of them.
        var places = string.Join(' ', Enumerable.Range(0, 12).Select(i => $"x{i}=1 y{i}"));
        var transitions = Enumerable.Range(0, 12).SelectMany(i => new[] { $"x{i}>on{i}>y{i}", $"y{i}>off{i}>x{i}" }).ToArray();
        var net = Nets.Build(places, transitions);
        var report = NetAnalyzer.Analyze(net, new ExplorationOptions { MaxMemoryBytes = 100 * StateBudget.BytesPerState(8) });
        Assert.Equal(ExplorationStop.MemoryBudget, report.Graph!.Stop);
        Assert.InRange(report.Graph.StateCount, 1, 200);
        Assert.Null(report.Properties);
        var json = JsonReport.Build(new AnalysisResult(report, null, TimeSpan.Zero));
        Assert.False((bool)json["complete"]!);
        Assert.Equal("MemoryBudget", (string?)json["stop"]);
    }

    [Fact]
    public void A_long_chain_completes_and_its_report_grows_linearly()
    {
        var builder = new PlaceTransitionNetBuilder("chain");
        for (var i = 0; i < 2_000; i++) builder.AddPlace($"p{i}", i == 0 ? 1 : 0, final: i == 1_999);
        for (var i = 0; i < 1_999; i++) builder.AddTransition($"t{i}").AddArc($"p{i}", $"t{i}").AddArc($"t{i}", $"p{i + 1}");
        var net = builder.Build();
        var result = AnalysisResult.Compute(net, new AnalysisBudget().ToOptions());
        var text = JsonReport.Build(result).ToJsonString();
        Assert.True(result.Report.Properties is not null);
        // Was about 30 MB when every place and transition carried its witness; now a few entries per place.
        Assert.InRange(text.Length, 1, 2_000 * 200);
    }
}
