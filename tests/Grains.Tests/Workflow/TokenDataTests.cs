using System.Text.Json.Nodes;
using CircuitBreaker.Grains.Workflow;

namespace CircuitBreaker.Grains.Tests.Workflow;

/// <summary>Token creation in a chosen place, and metadata patches: durable, versioned, validated.</summary>
public sealed class TokenDataTests
{
    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N");

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task A_token_created_in_a_start_place_fires_from_there_and_a_final_start_place_completes_it(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var workflowId = NewId("wf");
        await silo.Grains.GetGrain<IWorkflowGrain>(workflowId).Create(Definitions.DocumentApproval);

        var inReview = silo.Grains.GetGrain<ITokenGrain>(NewId("tok"));
        var created = await inReview.Create(new CreateTokenRequest(workflowId) { StartPlace = "review" });
        Assert.Equal(("review", "active"), (created.State, created.Status));
        Assert.Equal(["approve", "reject"], (await inReview.AvailableTransitions()).Select(t => t.TransitionId).Order());
        Assert.Equal("approved", (await inReview.Fire(new FireTransitionRequest("approve"))).Token.State);

        var done = await silo.Grains.GetGrain<ITokenGrain>(NewId("tok")).Create(new CreateTokenRequest(workflowId) { StartPlace = "approved" });
        Assert.Equal("completed", done.Status);

        var unknown = await Assert.ThrowsAsync<WorkflowException>(() =>
            silo.Grains.GetGrain<ITokenGrain>(NewId("tok")).Create(new CreateTokenRequest(workflowId) { StartPlace = "nowhere" }));
        Assert.Equal(WorkflowErrorCodes.InvalidInput, unknown.Code);
        Assert.Contains("nowhere", unknown.Message);
    }

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task Metadata_patches_merge_bump_the_version_and_survive_a_restart(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var workflowId = NewId("wf");
        await silo.Grains.GetGrain<IWorkflowGrain>(workflowId).Create(Definitions.DocumentApproval);
        var tokenId = NewId("tok");
        var token = silo.Grains.GetGrain<ITokenGrain>(tokenId);
        var created = await token.Create(new CreateTokenRequest(workflowId) { MetadataJson = """{"owner":"ann","tags":["a"]}""" });
        var patched = await token.SetMetadata("""{"owner":null,"priority":"high","tags":["b"]}""");
        Assert.Equal(created.Version + 1, patched.Version);
        var expected = JsonNode.Parse("""{"tags":["b"],"priority":"high"}""");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(patched.MetadataJson)), patched.MetadataJson);
        var bad = await Assert.ThrowsAsync<WorkflowException>(() => token.SetMetadata("[1,2]"));
        Assert.Equal(WorkflowErrorCodes.InvalidInput, bad.Code);

        await silo.RestartAsync();
        var reloaded = (await silo.Grains.GetGrain<ITokenGrain>(tokenId).Get())!;
        Assert.Equal(patched.Version, reloaded.Version);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(reloaded.MetadataJson)), reloaded.MetadataJson);
    }
}
