using CircuitBreaker.Gateway.Security;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.Grains;
using CircuitBreaker.Grains.Workflow;
using Orleans;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>What product resolvers need from a resolve context: grains, the caller's tenant, input objects.</summary>
public static class ResolveContextExtensions
{
    /// <summary>The grain factory of the co-hosted silo.</summary>
    public static IGrainFactory Grains(this ResolveContext ctx) => ctx.Services!.GetRequiredService<IGrainFactory>();

    /// <summary>The caller's tenant (null in open mode), set by the gateway's credentials middleware.</summary>
    public static string? Tenant(this ResolveContext ctx) => (ctx.UserContext as Caller)?.Tenant;

    /// <summary>The caller's workflow <paramref name="id"/> (the grain key carries the caller's tenant).</summary>
    public static IWorkflowGrain Workflow(this ResolveContext ctx, string id) => ctx.Grains().GetGrain<IWorkflowGrain>(TenantKeys.Of(ctx.Tenant(), id));

    /// <summary>The caller's token <paramref name="id"/>.</summary>
    public static ITokenGrain Token(this ResolveContext ctx, string id) => ctx.Grains().GetGrain<ITokenGrain>(TenantKeys.Of(ctx.Tenant(), id));

    /// <summary>The caller's rule <paramref name="id"/>.</summary>
    public static IRuleGrain Rule(this ResolveContext ctx, string id) => ctx.Grains().GetGrain<IRuleGrain>(TenantKeys.Of(ctx.Tenant(), id));

    /// <summary>The grain of a token already read: keyed by its owner, since an administrator's lists span tenants.</summary>
    public static ITokenGrain Token(this ResolveContext ctx, TokenView view) => ctx.Grains().GetGrain<ITokenGrain>(TenantKeys.Of(view.TenantId, view.Id));

    /// <summary>The grain of a workflow already read, keyed by its owner.</summary>
    public static IWorkflowGrain Workflow(this ResolveContext ctx, WorkflowVersionView view) => ctx.Grains().GetGrain<IWorkflowGrain>(TenantKeys.Of(view.TenantId, view.WorkflowId));

    /// <summary>An input-object argument as a dictionary (empty when absent).</summary>
    public static IDictionary<string, object?> Input(this ResolveContext ctx, string name = "input") =>
        ctx.Arguments.TryGetValue(name, out var v) && v is IDictionary<string, object?> d ? d : new Dictionary<string, object?>();

    /// <summary>An entry of an input object, or null when absent.</summary>
    public static object? Value(this IDictionary<string, object?> input, string key) => input.TryGetValue(key, out var v) ? v : null;

    /// <summary>A string entry of an input object.</summary>
    public static string? Text(this IDictionary<string, object?> input, string key) =>
        input.TryGetValue(key, out var v) && v is not null ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>An integer entry of an input object.</summary>
    public static long? Number(this IDictionary<string, object?> input, string key) =>
        input.TryGetValue(key, out var v) && v is not null ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null;
}
