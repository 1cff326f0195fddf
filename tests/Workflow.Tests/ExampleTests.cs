using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Serialization;
using CircuitBreaker.Workflow.Validation;

namespace CircuitBreaker.Workflow.Tests;

public class ExampleTests
{
    private static Dictionary<string, WorkflowDefinition> LoadAll() =>
        Directory.GetFiles(RepoPaths.Examples).Order()
            .ToDictionary(f => Path.GetFileName(f), f => WorkflowSerializer.FromText(File.ReadAllText(f), f));

    [Fact]
    public void Every_example_loads_and_validates_without_errors_or_warnings()
    {
        var all = LoadAll();
        Assert.True(all.Count >= 5, $"found {all.Count} examples");
        foreach (var (file, def) in all)
        {
            var r = WorkflowValidator.Validate(def);
            Assert.True(r.Issues.Count == 0, $"{file}: {string.Join("; ", r.Issues)}");
            Assert.NotEmpty(def.Id);
            Assert.Equal(WorkflowSerializer.ToJson(def), WorkflowSerializer.ToJson(WorkflowSerializer.FromYaml(WorkflowSerializer.ToYaml(def))));
        }
        var ids = all.Values.Select(d => d.Id).ToHashSet();
        Assert.Contains("document_approval_v1", ids);
        Assert.Contains("deployment_pipeline_v1", ids);
    }

    [Fact]
    public void Order_processing_runs_payment_and_inventory_in_parallel_and_joins()
    {
        var def = LoadAll().Values.Single(d => d.Id == "order_processing_v1");
        var net = new CompiledNet(def);
        var m = net.Fire(net.Fire(def.CreateInitialMarking(), "validate").Marking, "start_fulfilment").Marking;
        Assert.Equal(Marking.Of("payment_pending", "inventory_pending"), m);
        Assert.Equal(["capture_payment", "reserve_inventory"], net.EnabledTransitions(m).Select(t => t.Id));
        m = net.Fire(m, "reserve_inventory").Marking;
        Assert.DoesNotContain(net.EnabledTransitions(m), t => t.Id == "join_for_shipping");
        m = net.Fire(m, "capture_payment").Marking;
        m = net.Fire(m, "join_for_shipping").Marking;
        m = net.Fire(net.Fire(m, "ship").Marking, "deliver").Marking;
        Assert.True(net.IsCompleted(m));
    }

    [Fact]
    public void Circuit_breaker_routing_rejects_while_open()
    {
        var def = LoadAll().Values.Single(d => d.Id == "circuit_breaker_routing_v1");
        var net = new CompiledNet(def);
        var m = net.Fire(def.CreateInitialMarking(), "trip").Marking;
        m = net.Fire(m, "validate_request").Marking;
        Assert.Equal(["reject_open", "timeout_elapsed"], net.EnabledTransitions(m).Select(t => t.Id));
        m = net.Fire(m, "reject_open").Marking;
        Assert.Equal(Marking.Of("circuit_open_rejections", "open"), m);
        Assert.True(net.IsCompleted(m));
    }
}
