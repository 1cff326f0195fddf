using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Rules;
using CircuitBreaker.Workflow.Serialization;
using CircuitBreaker.Workflow.Tokens;

namespace CircuitBreaker.Workflow.Tests;

public class TokenMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly WorkflowDefinition Approval = WorkflowSerializer.FromJson("""
        {"id":"document_approval_v1","version":2,"states":["draft","review","approved","rejected"],
         "transitions":[
           {"id":"submit","fromStates":["draft"],"toState":"review"},
           {"id":"approve","fromStates":["review"],"toState":"approved","conditions":["good_score",{"field":"reviewer","operator":"exists"}]},
           {"id":"reject","fromStates":["review"],"toState":"rejected"},
           {"id":"revise","fromStates":["rejected"],"toState":"draft"}],
         "initialState":"draft","finalStates":["approved"]}
        """);

    private static readonly RuleSet Rules = new([new Rule
    {
        Id = "good_score", Name = "Good score",
        Condition = new FieldCondition("score", ConditionOperator.GreaterThan, JsonValue.Create(8)),
    }]);

    private static TokenMachine Machine() => new(new CompiledNet(Approval), Rules);

    [Fact]
    public void Create_starts_in_the_initial_marking()
    {
        var token = Machine().Create("tok-1", T0, new JsonObject { ["title"] = "My Document" });
        Assert.Equal((Marking.Of("draft"), TokenStatus.Active, "document_approval_v1", 2, 0L),
            (token.Marking, token.Status, token.WorkflowId, token.WorkflowVersion, token.LastSequence));
        Assert.Equal(["submit"], Machine().EnabledTransitions(token).Select(t => t.Id));
    }

    [Fact]
    public void Disabled_transition_is_refused_naming_the_missing_place()
    {
        var token = Machine().Create("tok-1", T0);
        var outcome = Machine().Fire(token, new FireRequest("approve"), T0);
        Assert.False(outcome.Fired);
        Assert.Equal(FireErrorCodes.TransitionNotEnabled, outcome.ErrorCode);
        Assert.Equal(["review"], outcome.MissingPlaces);
        Assert.Equal("transition 'approve' is not enabled: no token in review (marking {draft:1})", outcome.Reason);
    }

    [Fact]
    public void Unknown_transition_is_refused()
    {
        var outcome = Machine().Fire(Machine().Create("tok-1", T0), new FireRequest("publish"), T0);
        Assert.Equal(FireErrorCodes.UnknownTransition, outcome.ErrorCode);
    }

    [Fact]
    public void Guard_failure_is_refused_with_the_failing_condition_reason()
    {
        var m = Machine();
        var review = m.Fire(m.Create("tok-1", T0, new JsonObject { ["score"] = 5 }), new FireRequest("submit"), T0).Token!;
        var outcome = m.Fire(review, new FireRequest("approve"), T0);
        Assert.Equal(FireErrorCodes.GuardFailed, outcome.ErrorCode);
        Assert.Equal("guard of 'approve' failed: conditions[0]: rule 'good_score' failed: field 'score' = 5: greater_than 8 is false", outcome.Reason);
        Assert.Equal(0, outcome.Guard!.FailedIndex);

        var noReviewer = m.Fire(review, new FireRequest("approve", new JsonObject { ["score"] = 9 }), T0);
        Assert.Equal("guard of 'approve' failed: conditions[1]: field 'reviewer' does not exist", noReviewer.Reason);
    }

    [Fact]
    public void Firing_merges_the_patch_records_history_and_completes()
    {
        var m = Machine();
        var token = m.Create("tok-1", T0, new JsonObject { ["title"] = "Doc", ["draftNote"] = "x", ["meta"] = new JsonObject { ["a"] = 1 } });
        var submitted = m.Fire(token, new FireRequest("submit", Actor: "alice", IdempotencyKey: "k1"), T0.AddMinutes(1));
        var t1 = T0.AddMinutes(2);
        var approved = m.Fire(submitted.Token!, new FireRequest("approve",
            new JsonObject { ["score"] = 9, ["reviewer"] = "bob", ["draftNote"] = null, ["meta"] = new JsonObject { ["b"] = 2 } }, "bob", "k2"), t1);

        Assert.True(approved.Fired);
        var final = approved.Token!;
        Assert.Equal((Marking.Of("approved"), TokenStatus.Completed, 2L, t1, T0), (final.Marking, final.Status, final.LastSequence, final.UpdatedAt, final.CreatedAt));
        Assert.Equal("""{"title":"Doc","meta":{"a":1,"b":2},"score":9,"reviewer":"bob"}""", final.Data.ToJsonString());
        Assert.Equal("""{"title":"Doc","draftNote":"x","meta":{"a":1}}""", token.Data.ToJsonString());
        var entry = approved.Entry!;
        Assert.Equal((2L, "approve", Marking.Of("review"), Marking.Of("approved"), "bob", "k2"),
            (entry.Sequence, entry.TransitionId, entry.Consumed, entry.Produced, entry.Actor, entry.IdempotencyKey));

        var after = m.Fire(final, new FireRequest("revise"), t1);
        Assert.Equal(FireErrorCodes.TokenNotActive, after.ErrorCode);
    }

    [Fact]
    public void Revise_cycle_returns_to_draft_and_stays_active()
    {
        var m = Machine();
        var token = m.Create("tok-1", T0);
        foreach (var id in new[] { "submit", "reject", "revise", "submit" })
            token = m.Fire(token, new FireRequest(id), T0).Token!;
        Assert.Equal((Marking.Of("review"), TokenStatus.Active, 4L), (token.Marking, token.Status, token.LastSequence));
    }

    [Fact]
    public void Cancel_stops_the_token()
    {
        var m = Machine();
        var cancelled = m.Cancel(m.Create("tok-1", T0), T0, "admin");
        Assert.Equal(TokenStatus.Cancelled, cancelled.Token!.Status);
        Assert.Equal("$cancel", cancelled.Entry!.TransitionId);
        Assert.Equal(FireErrorCodes.TokenNotActive, m.Fire(cancelled.Token, new FireRequest("submit"), T0).ErrorCode);
        Assert.Empty(m.EnabledTransitions(cancelled.Token));
    }

    [Fact]
    public void Token_of_another_workflow_is_refused()
    {
        var token = Machine().Create("tok-1", T0) with { WorkflowId = "other" };
        Assert.Equal(FireErrorCodes.WorkflowMismatch, Machine().Fire(token, new FireRequest("submit"), T0).ErrorCode);
    }

    [Fact]
    public void Snapshot_serializes_with_marking_as_an_object_and_status_as_text()
    {
        var token = Machine().Create("tok-1", T0, new JsonObject { ["x"] = 1 });
        var json = System.Text.Json.JsonSerializer.Serialize(token, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        Assert.Contains("\"marking\":{\"draft\":1}", json);
        Assert.Contains("\"status\":\"active\"", json);
        var back = System.Text.Json.JsonSerializer.Deserialize<TokenSnapshot>(json, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        Assert.Equal(token.Marking, back.Marking);
        Assert.Equal(1, back.Data["x"]!.GetValue<int>());
    }

    [Fact]
    public void Merge_patch_follows_rfc_7386()
    {
        var target = JsonNode.Parse("""{"a":"b","c":{"d":"e","f":"g"}}""");
        var patch = JsonNode.Parse("""{"a":"z","c":{"f":null}}""");
        Assert.Equal("""{"a":"z","c":{"d":"e"}}""", JsonMergePatch.Apply(target, patch)!.ToJsonString());
        Assert.Equal("""["x"]""", JsonMergePatch.Apply(target, JsonNode.Parse("""["x"]"""))!.ToJsonString());
    }
}
