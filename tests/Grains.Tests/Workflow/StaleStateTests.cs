using CircuitBreaker.Grains.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CircuitBreaker.Grains.Tests.Workflow;

/// <summary>
/// A token whose row was changed behind its activation's back (another writer, a split brain) refuses the stale write
/// with Orleans' InconsistentStateException, is deactivated, and the next call works on the stored state.
/// </summary>
public sealed class StaleStateTests
{
    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task A_stale_etag_fails_the_write_deactivates_the_token_and_the_next_call_reloads_it(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var store = silo.Host.Services.GetRequiredService<IStateStore>();
        var workflowId = "wf-" + Guid.NewGuid().ToString("N");
        await silo.Grains.GetGrain<IWorkflowGrain>(workflowId).Create(Definitions.DocumentApproval);
        var tokenId = "tok-" + Guid.NewGuid().ToString("N");
        var token = silo.Grains.GetGrain<ITokenGrain>(tokenId);
        await token.Create(new CreateTokenRequest(workflowId));

        // Another writer rewrites the row (same content, new ETag): the activation's ETag is now stale.
        var id = new GrainStateId(WorkflowGrainTypes.Token, tokenId, WorkflowGrainTypes.StateName);
        var stored = (await store.ReadAsync(id))!;
        await store.WriteAsync(id, new StateWrite(stored.Json), stored.ETag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => token.Fire(new FireTransitionRequest("submit")));
        // Nothing of the refused fire was written: no history entry, no state change.
        Assert.Empty(await store.ReadLogAsync(id, 0, 10));

        // The activation was dropped: the next call reads the stored row and fires.
        var fired = await token.Fire(new FireTransitionRequest("submit"));
        Assert.Equal(1, fired.Entry.Sequence);
        Assert.Equal("review", fired.Token.State);
    }
}
