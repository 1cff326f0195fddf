using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Serialization;
using CircuitBreaker.Workflow.Tokens;
using CircuitBreaker.Workflow.Validation;

namespace CircuitBreaker.Workflow.Tests;

public class ExampleTests
{
    private static Dictionary<string, WorkflowDefinition> LoadAll() =>
        Directory.GetFiles(RepoPaths.Examples).Order()
            .ToDictionary(f => Path.GetFileName(f), f => WorkflowSerializer.FromText(File.ReadAllText(f), f));

    [Fact]
    public void Every_example_loads_and_validates_without_errors_or_warnings_but_guarded_exits()
    {
        var all = LoadAll();
        Assert.True(all.Count >= 5, $"found {all.Count} examples");
        foreach (var (file, def) in all)
        {
            // Guarded exits are the examples' real business rules (a high fraud score holds an order), so they are warned about.
            var issues = WorkflowValidator.Validate(def).Issues.Where(i => i.Code != ValidationCodes.GuardedExitsOnly).ToList();
            Assert.True(issues.Count == 0, $"{file}: {string.Join("; ", issues)}");
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
        Assert.Contains(WorkflowValidator.Validate(def).Warnings, w => w.Code == ValidationCodes.GuardedExitsOnly && w.Message.Contains("'payment_pending'"));
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

    [Theory]
    [InlineData(false, null, "reject_open", "circuit_open_rejections")]
    [InlineData(true, true, "route_success", "success_responses")]
    [InlineData(true, false, "route_failure", "failed_requests")]
    public void Circuit_breaker_routing_sends_each_request_to_the_place_of_the_breaker_and_call_outcome(bool permitted, bool? ok, string last, string place)
    {
        var def = LoadAll().Values.Single(d => d.Id == "circuit_breaker_routing_v1");
        var machine = new TokenMachine(new CompiledNet(def));
        var now = DateTimeOffset.UnixEpoch;
        var token = machine.Create("r", now, data: new JsonObject { ["request"] = new JsonObject { ["id"] = "r1" } });
        token = machine.Fire(token, new("validate_request"), now).Token!;

        // The guards hold the router to the breaker's answer: a refused request cannot be routed, a permitted one not rejected.
        var answer = new JsonObject { ["breaker"] = new JsonObject { ["permitted"] = permitted } };
        Assert.False(machine.Fire(token, new(permitted ? "reject_open" : "route_through_circuit_breaker", answer), now).Fired);
        if (permitted)
        {
            token = machine.Fire(token, new("route_through_circuit_breaker", answer), now).Token!;
            Assert.Equal(Marking.Of("in_flight"), token.Marking);
            var response = new JsonObject { ["response"] = new JsonObject { ["ok"] = ok } };
            token = machine.Fire(token, new(last, response), now).Token!;
        }
        else
        {
            token = machine.Fire(token, new(last, answer), now).Token!;
        }
        Assert.Equal(Marking.Of(place), token.Marking);
        Assert.Equal(TokenStatus.Completed, token.Status);
    }

    [Fact]
    public void Deployment_pipeline_guards_and_rollback_alternatives_work_through_the_token_machine()
    {
        var def = LoadAll().Values.Single(d => d.Id == "deployment_pipeline_v1");
        var machine = new CircuitBreaker.Workflow.Tokens.TokenMachine(new CompiledNet(def));
        var now = DateTimeOffset.UnixEpoch;
        var token = machine.Create("t", now);
        var refused = machine.Fire(token, new("deploy_staging"), now);
        Assert.Equal("guard of 'deploy_staging' failed: conditions[0]: field 'tests_passed' not found", refused.Reason);
        token = machine.Fire(token, new("deploy_staging", new System.Text.Json.Nodes.JsonObject { ["tests_passed"] = true }), now).Token!;
        var notApproved = machine.Fire(token, new("promote_production", new System.Text.Json.Nodes.JsonObject { ["approvals"] = 1 }), now);
        Assert.StartsWith("guard of 'promote_production' failed: conditions[0]: JSON Logic", notApproved.Reason);
        var prod = machine.Fire(token, new("promote_production", new System.Text.Json.Nodes.JsonObject { ["approvals"] = 2 }), now).Token!;
        // Production is not final: the release can still be rolled back, and 'release' ends the case.
        Assert.Equal(CircuitBreaker.Workflow.Tokens.TokenStatus.Active, prod.Status);
        Assert.Equal(CircuitBreaker.Workflow.Tokens.TokenStatus.Completed, machine.Fire(prod, new("release"), now).Token!.Status);
        // rollback is enabled from staging as well as from production (fromStates alternatives).
        Assert.Contains(machine.EnabledTransitions(token), t => t.Id == "rollback");
        var rolled = machine.Fire(token, new("rollback"), now);
        Assert.Equal(Marking.Of("staging"), rolled.Entry!.Consumed);
        Assert.Equal(Marking.Of("rollback"), rolled.Token!.Marking);
        var fromProduction = machine.Fire(prod, new("rollback"), now);
        Assert.Equal(Marking.Of("production"), fromProduction.Entry!.Consumed);
    }

    [Fact]
    public void Transition_guard_field_is_a_json_logic_condition()
    {
        var def = WorkflowSerializer.FromYaml("""
            id: g
            states: [a, b]
            transitions:
              - { id: t, fromStates: [a], toState: b, guard: { "==": [ { var: token.status }, active ] } }
            initialState: a
            """);
        var machine = new CircuitBreaker.Workflow.Tokens.TokenMachine(new CompiledNet(def));
        Assert.True(machine.Fire(machine.Create("x", DateTimeOffset.UnixEpoch), new("t"), DateTimeOffset.UnixEpoch).Fired);
    }
}
