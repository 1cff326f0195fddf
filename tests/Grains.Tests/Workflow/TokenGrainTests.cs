using CircuitBreaker.Grains.Workflow;

namespace CircuitBreaker.Grains.Tests.Workflow;

/// <summary>Token grains on real storage: serialized fires, idempotency, versions, durability, pinning, guards.</summary>
public sealed class TokenGrainTests
{
    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N");

    private static async Task<(string WorkflowId, ITokenGrain Token)> NewTokenAsync(TestSilo silo, string definition = Definitions.DocumentApproval)
    {
        var workflowId = NewId("wf");
        await silo.Grains.GetGrain<IWorkflowGrain>(workflowId).Create(definition);
        var token = silo.Grains.GetGrain<ITokenGrain>(NewId("tok"));
        await token.Create(new CreateTokenRequest(workflowId) { DataJson = """{"title":"Q3 report"}""" });
        return (workflowId, token);
    }

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task Hundred_concurrent_fires_of_one_transition_succeed_exactly_once(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var (_, token) = await NewTokenAsync(silo);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            try
            {
                await token.Fire(new FireTransitionRequest("submit"));
                return (Ok: true, Code: (string?)null);
            }
            catch (WorkflowException ex)
            {
                return (Ok: false, Code: ex.Code);
            }
        }));

        Assert.Equal(1, attempts.Count(a => a.Ok));
        Assert.All(attempts.Where(a => !a.Ok), a => Assert.Equal(WorkflowErrorCodes.TransitionNotEnabled, a.Code));
        var history = await token.History();
        Assert.Single(history.Entries);
        Assert.Equal("review", (await token.Get())!.State);
    }

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task Repeating_an_idempotency_key_returns_the_first_result_and_fires_nothing(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var (_, token) = await NewTokenAsync(silo);

        var first = await token.Fire(new FireTransitionRequest("submit") { IdempotencyKey = "k1" });
        var again = await token.Fire(new FireTransitionRequest("submit") { IdempotencyKey = "k1" });

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.Entry.Sequence, again.Entry.Sequence);
        Assert.Equal(first.Token.Version, again.Token.Version);
        Assert.Equal(1, (await token.History()).TotalCount);

        // The key is remembered across a restart too: it is part of the durable state.
        await silo.RestartAsync();
        var afterRestart = await silo.Grains.GetGrain<ITokenGrain>(first.Token.Id).Fire(new FireTransitionRequest("submit") { IdempotencyKey = "k1" });
        Assert.True(afterRestart.Replayed);
        Assert.Equal(1, (await silo.Grains.GetGrain<ITokenGrain>(first.Token.Id).History()).TotalCount);
    }

    [Theory]
    [SqliteDialect]
    public async Task An_idempotency_key_reused_for_other_data_or_another_transition_is_refused(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var (_, token) = await NewTokenAsync(silo);
        await token.Fire(new FireTransitionRequest("submit") { IdempotencyKey = "k1", DataPatchJson = """{"n":1,"m":2}""" });
        // Key order is not a difference.
        Assert.True((await token.Fire(new FireTransitionRequest("submit") { IdempotencyKey = "k1", DataPatchJson = """{"m":2,"n":1}""" })).Replayed);

        var otherData = await Assert.ThrowsAsync<WorkflowException>(() =>
            token.Fire(new FireTransitionRequest("submit") { IdempotencyKey = "k1", DataPatchJson = """{"n":2}""" }));
        Assert.Equal(WorkflowErrorCodes.IdempotencyKeyReused, otherData.Code);
        var otherTransition = await Assert.ThrowsAsync<WorkflowException>(() =>
            token.Fire(new FireTransitionRequest("approve") { IdempotencyKey = "k1", DataPatchJson = """{"n":1,"m":2}""" }));
        Assert.Equal(WorkflowErrorCodes.IdempotencyKeyReused, otherTransition.Code);
        Assert.Equal(1, (await token.History()).TotalCount);
    }

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task Expected_version_makes_a_fire_conditional(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var (_, token) = await NewTokenAsync(silo);
        var version = (await token.Get())!.Version;

        var fired = await token.Fire(new FireTransitionRequest("submit") { ExpectedVersion = version });
        Assert.Equal(version + 1, fired.Token.Version);

        var conflict = await Assert.ThrowsAsync<WorkflowException>(() => token.Fire(new FireTransitionRequest("approve") { ExpectedVersion = version }));
        Assert.Equal(WorkflowErrorCodes.VersionConflict, conflict.Code);
        Assert.Equal("review", (await token.Get())!.State);
    }

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task State_and_history_survive_a_silo_restart(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var (_, token) = await NewTokenAsync(silo);
        var id = (await token.Get())!.Id;
        foreach (var t in new[] { "submit", "reject", "revise", "submit", "approve" })
            await token.Fire(new FireTransitionRequest(t) { Actor = "alice" });

        await silo.RestartAsync();

        var reloaded = silo.Grains.GetGrain<ITokenGrain>(id);
        var view = (await reloaded.Get())!;
        Assert.Equal("approved", view.State);
        Assert.Equal("completed", view.Status);
        var history = await reloaded.History(first: 10);
        Assert.Equal(["submit", "reject", "revise", "submit", "approve"], history.Entries.Select(e => e.TransitionId));
        Assert.Equal([1L, 2, 3, 4, 5], history.Entries.Select(e => e.Sequence));
        Assert.All(history.Entries, e => Assert.Equal("alice", e.Actor));
        Assert.Equal("draft", history.Entries[2].ToState);
        var newestTwo = await reloaded.History(first: 2, descending: true);
        Assert.Equal([5L, 4], newestTwo.Entries.Select(e => e.Sequence));
        Assert.True(newestTwo.HasMore);
        var inactive = await Assert.ThrowsAsync<WorkflowException>(() => reloaded.Fire(new FireTransitionRequest("submit")));
        Assert.Equal(WorkflowErrorCodes.TokenNotActive, inactive.Code);
    }

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task A_token_stays_on_the_version_it_started_on(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var (workflowId, v1Token) = await NewTokenAsync(silo);
        var workflow = silo.Grains.GetGrain<IWorkflowGrain>(workflowId);
        var v2 = await workflow.PublishVersion(Definitions.DocumentApprovalWithLegal);
        Assert.Equal(2, v2.Version);

        var v2Token = silo.Grains.GetGrain<ITokenGrain>(NewId("tok"));
        await v2Token.Create(new CreateTokenRequest(workflowId));
        await v1Token.Fire(new FireTransitionRequest("submit"));
        await v2Token.Fire(new FireTransitionRequest("submit"));

        Assert.Equal(1, (await v1Token.Get())!.WorkflowVersion);
        Assert.Equal(2, (await v2Token.Get())!.WorkflowVersion);
        // v1 knows no legal review; v2 requires it before approval.
        Assert.Equal(WorkflowErrorCodes.UnknownTransition, (await Assert.ThrowsAsync<WorkflowException>(() => v1Token.Fire(new FireTransitionRequest("to_legal")))).Code);
        Assert.Equal(WorkflowErrorCodes.TransitionNotEnabled, (await Assert.ThrowsAsync<WorkflowException>(() => v2Token.Fire(new FireTransitionRequest("approve")))).Code);
        await v1Token.Fire(new FireTransitionRequest("approve"));
        await v2Token.Fire(new FireTransitionRequest("to_legal"));
        Assert.Equal("approved", (await v1Token.Get())!.State);
        Assert.Equal("legal", (await v2Token.Get())!.State);
        Assert.Equal([1, 2], (await workflow.ListVersions()).Select(v => v.Version));
    }

    [Theory]
    [SqliteDialect]
    public async Task Guards_refer_to_stored_rules_and_say_why_they_failed(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var ruleId = NewId("rule");
        await silo.Grains.GetGrain<IRuleGrain>(ruleId).Create("""
            { "name": "big order", "tags": ["orders"], "conditions": [ { "field": "order.total", "operator": "greater_than", "value": 100 } ] }
            """);
        var workflowId = NewId("wf");
        await silo.Grains.GetGrain<IWorkflowGrain>(workflowId).Create(Definitions.Guarded(ruleId));

        var small = silo.Grains.GetGrain<ITokenGrain>(NewId("tok"));
        await small.Create(new CreateTokenRequest(workflowId) { DataJson = """{"order":{"total":50}}""" });
        var available = Assert.Single(await small.AvailableTransitions());
        Assert.False(available.GuardPassed);
        var refused = await Assert.ThrowsAsync<WorkflowException>(() => small.Fire(new FireTransitionRequest("approve")));
        Assert.Equal(WorkflowErrorCodes.GuardFailed, refused.Code);
        Assert.Contains("order.total", refused.Message);

        // A data patch sent with the fire is applied before the guard is evaluated.
        var fired = await small.Fire(new FireTransitionRequest("approve") { DataPatchJson = """{"order":{"total":150}}""" });
        Assert.Equal("completed", fired.Token.Status);
        Assert.Contains("150", fired.Token.DataJson);
    }

    [Theory]
    [SqliteDialect]
    public async Task An_unknown_rule_id_in_conditions_is_a_validation_error(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var error = await Assert.ThrowsAsync<WorkflowException>(() =>
            silo.Grains.GetGrain<IWorkflowGrain>(NewId("wf")).Create(Definitions.Guarded("no_such_rule")));
        Assert.Equal(WorkflowErrorCodes.InvalidDefinition, error.Code);
        Assert.Contains("no_such_rule", error.Message);
    }

    [Theory]
    [SqliteDialect]
    public async Task Bad_input_gets_clear_errors_and_changes_nothing(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var bad = await Assert.ThrowsAsync<WorkflowException>(() => silo.Grains.GetGrain<IWorkflowGrain>(NewId("wf")).Create("{ not json"));
        Assert.Equal(WorkflowErrorCodes.InvalidDefinition, bad.Code);
        var missing = await Assert.ThrowsAsync<WorkflowException>(() =>
            silo.Grains.GetGrain<ITokenGrain>(NewId("tok")).Create(new CreateTokenRequest("no-such-workflow")));
        Assert.Equal(WorkflowErrorCodes.WorkflowNotFound, missing.Code);

        var (_, token) = await NewTokenAsync(silo);
        var before = (await token.Get())!;
        Assert.Equal(WorkflowErrorCodes.InvalidInput,
            (await Assert.ThrowsAsync<WorkflowException>(() => token.Fire(new FireTransitionRequest("submit") { DataPatchJson = "[1,2]" }))).Code);
        Assert.Equal(WorkflowErrorCodes.UnknownTransition,
            (await Assert.ThrowsAsync<WorkflowException>(() => token.Fire(new FireTransitionRequest("teleport")))).Code);
        var after = (await token.Get())!;
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Marking, after.Marking);
    }
}
