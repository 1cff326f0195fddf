using Orleans;
using Orleans.Runtime;
using CircuitBreaker.Storage;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>
/// Listings served by the storage's SQL index (never by scanning grains): tokens by workflow, place and
/// status; workflows and rules by tenant; newest first, with opaque cursors. With a <see cref="ICursorSeal"/> the
/// storage's cursors (which name a key and a time) are sealed to the caller's tenant before they leave.
/// </summary>
public sealed class WorkflowDirectory(IStateStore storage, IGrainFactory grains, ICursorSeal? seal = null)
{
    /// <summary>
    /// A page of <paramref name="tenantId"/>'s tokens (every tenant's when null), newest first; only those of workflow
    /// <paramref name="workflowId"/> when given, which belongs to <paramref name="workflowTenantId"/> (default <paramref name="tenantId"/>).
    /// </summary>
    public async Task<Page<TokenView>> ListTokensAsync(string? workflowId, string? place = null, string? status = null,
        int first = 50, string? after = null, string? tenantId = null, CancellationToken cancellationToken = default, string? workflowTenantId = null)
    {
        var page = await storage.QueryIndexAsync(new IndexQuery(WorkflowGrainTypes.Token, WorkflowGrainTypes.StateName)
        {
            Partition = workflowId is null ? null : TenantKeys.Of(workflowTenantId ?? tenantId, workflowId), Label = place, Status = status, First = Clamp(first), After = Open(tenantId, after),
        }, cancellationToken);
        var views = await Task.WhenAll(page.Keys.Select(k => grains.GetGrain<ITokenGrain>(k).Get()));
        return new Page<TokenView>([.. views.Where(v => v is not null && (tenantId is null || v.TenantId == tenantId)).Select(v => v!)],
            Seal(tenantId, page.EndCursor), page.HasNextPage);
    }

    /// <summary>A page of workflows (latest versions), newest first.</summary>
    public async Task<Page<WorkflowVersionView>> ListWorkflowsAsync(string? tenantId = null, int first = 100, string? after = null,
        CancellationToken cancellationToken = default)
    {
        var page = await storage.QueryIndexAsync(new IndexQuery(WorkflowGrainTypes.Workflow, WorkflowGrainTypes.StateName)
        {
            Partition = tenantId, First = Clamp(first), After = Open(tenantId, after),
        }, cancellationToken);
        var views = await Task.WhenAll(page.Keys.Select(k => grains.GetGrain<IWorkflowGrain>(k).Get()));
        return new Page<WorkflowVersionView>([.. views.Where(v => v is not null).Select(v => v!)], Seal(tenantId, page.EndCursor), page.HasNextPage);
    }

    /// <summary>A page of rules, optionally only those carrying <paramref name="tag"/>, newest first.</summary>
    public async Task<Page<RuleView>> ListRulesAsync(string? tag = null, string? tenantId = null, int first = 100, string? after = null,
        CancellationToken cancellationToken = default)
    {
        var page = await storage.QueryIndexAsync(new IndexQuery(WorkflowGrainTypes.Rule, WorkflowGrainTypes.StateName)
        {
            Partition = tenantId, Label = tag, First = Clamp(first), After = Open(tenantId, after),
        }, cancellationToken);
        var views = await Task.WhenAll(page.Keys.Select(k => grains.GetGrain<IRuleGrain>(k).Get()));
        return new Page<RuleView>([.. views.Where(v => v is not null).Select(v => v!)], Seal(tenantId, page.EndCursor), page.HasNextPage);
    }

    private string? Seal(string? tenant, string? cursor) => cursor is null || seal is null ? cursor : seal.Seal(tenant, cursor);

    private string? Open(string? tenant, string? cursor) => string.IsNullOrEmpty(cursor) || seal is null ? cursor : seal.Open(tenant, cursor);

    private static int Clamp(int first) => Math.Clamp(first, 1, 1000);
}

/// <summary>One page of a listing.</summary>
/// <param name="Items">The items, newest first.</param>
/// <param name="EndCursor">Pass as <c>after</c> for the next page.</param>
/// <param name="HasNextPage">True when more items follow.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? EndCursor, bool HasNextPage);

/// <summary>Makes listing cursors opaque and bound to a tenant: a cursor sealed for one tenant opens for no other.</summary>
public interface ICursorSeal
{
    /// <summary>The cursor <paramref name="tenant"/> is given for the storage cursor <paramref name="cursor"/>.</summary>
    string Seal(string? tenant, string cursor);

    /// <summary>The storage cursor inside <paramref name="sealedCursor"/>; a <see cref="WorkflowException"/> <c>INVALID_CURSOR</c> when it was not sealed for <paramref name="tenant"/> here.</summary>
    string Open(string? tenant, string sealedCursor);
}
