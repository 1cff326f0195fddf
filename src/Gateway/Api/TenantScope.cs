using CircuitBreaker.Gateway.Security;
using CircuitBreaker.Grains;
using CircuitBreaker.Grains.Workflow;
using Orleans;

namespace CircuitBreaker.Gateway.Api;

/// <summary>
/// Loads workflows, tokens and rules on behalf of a caller: another tenant's thing is reported as not found,
/// exactly like a missing one, so ids of other tenants cannot be probed.
/// </summary>
public sealed class TenantScope(IGrainFactory grains, Caller caller)
{
    /// <summary>The caller's tenant (null = unrestricted).</summary>
    public string? Tenant => caller.Tenant;

    /// <summary>The grain factory.</summary>
    public IGrainFactory Grains => grains;

    /// <summary>The caller's workflow <paramref name="id"/> (its grain key carries the caller's tenant).</summary>
    public IWorkflowGrain Workflow(string id) => grains.GetGrain<IWorkflowGrain>(TenantKeys.Of(Tenant, id));

    /// <summary>The caller's token <paramref name="id"/>.</summary>
    public ITokenGrain Token(string id) => grains.GetGrain<ITokenGrain>(TenantKeys.Of(Tenant, id));

    /// <summary>The caller's rule <paramref name="id"/>.</summary>
    public IRuleGrain Rule(string id) => grains.GetGrain<IRuleGrain>(TenantKeys.Of(Tenant, id));

    /// <summary>True when <paramref name="owner"/> is visible to the caller.</summary>
    public bool Sees(string? owner) => Tenant is null || owner == Tenant;

    /// <summary>A workflow version visible to the caller, else 404.</summary>
    public async Task<WorkflowVersionView> WorkflowAsync(string id, int? version = null)
    {
        var view = await Workflow(id).Get(version);
        if (view is null || !Sees(view.TenantId))
            throw new WorkflowException(WorkflowErrorCodes.WorkflowNotFound,
                version is null ? $"workflow '{id}' not found" : $"workflow '{id}' version {version} not found");
        return view;
    }

    /// <summary>A token visible to the caller, else 404.</summary>
    public async Task<TokenView> TokenAsync(string id)
    {
        var view = await Token(id).Get();
        if (view is null || !Sees(view.TenantId))
            throw new WorkflowException(WorkflowErrorCodes.TokenNotFound, $"token '{id}' not found");
        return view;
    }

    /// <summary>A rule visible to the caller, else 404.</summary>
    public async Task<RuleView> RuleAsync(string id)
    {
        var view = await Rule(id).Get();
        if (view is null || !Sees(view.TenantId))
            throw new WorkflowException(WorkflowErrorCodes.RuleNotFound, $"rule '{id}' not found");
        return view;
    }

    /// <summary>The scope of a request.</summary>
    public static TenantScope Of(HttpContext http) =>
        new(http.RequestServices.GetRequiredService<IGrainFactory>(), Caller.Of(http));
}
