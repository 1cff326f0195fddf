using CircuitBreaker.Grains;
using CircuitBreaker.Gateway.Security;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.Grains.Resilience;
using CircuitBreaker.Grains.Workflow;
using CircuitBreaker.Storage;
using static CircuitBreaker.Gateway.GraphQL.Resilience.ResilienceErrors;

namespace CircuitBreaker.Gateway.GraphQL.Resilience;

/// <summary>Resolvers of the cluster-wide circuit breakers: read, list, configure, acquire, record, admin operations.</summary>
public static class BreakerResolvers
{
    /// <summary>Adds the resolvers to <paramref name="schema"/>.</summary>
    public static SchemaBuilder AddBreakerResolvers(this SchemaBuilder schema) => schema
        .Resolve("Query", "circuitBreaker", ctx => Named(ctx, () => Breaker(ctx, ctx.Argument<string>("id"), changes: false).GetState()))
        .Resolve("Query", "circuitBreakers", async ctx =>
        {
            var directory = new BreakerDirectory(ctx.Services!.GetRequiredService<IStateStore>(), ctx.Grains(), ctx.Services!.GetService<ICursorSeal>());
            var page = await directory.ListAsync(ctx.Argument<string?>("state"), InputRules.RequirePageSize(ctx.Argument("first", 100)),
                ctx.Argument<string?>("after"), ctx.CancellationToken, ctx.Tenant());
            // A tenant lists its own breakers and the shared ones; the page may so hold fewer than asked.
            var tenant = ctx.Tenant();
            return page.Items.Where(b => TenantKeys.IsShared(b.Id) || TenantKeys.Owns(tenant, b.Id))
                .Select(b => b with { Id = TenantKeys.NameOf(tenant, b.Id) }).ToList();
        })
        .Resolve("Mutation", "configureCircuitBreaker", ctx =>
        {
            var input = ctx.Input();
            var breaker = Breaker(ctx, input.Text("id"), changes: true);
            return Named(ctx, () => breaker.Configure(Settings(input)));
        })
        .Resolve("Mutation", "acquireCircuitBreaker", async ctx =>
        {
            var id = ctx.Argument<string>("id");
            var permit = await Breaker(ctx, id, changes: true).TryAcquire();
            return new Dictionary<string, object?>
            {
                ["breakerId"] = id,
                ["permitted"] = permit.Permitted,
                ["state"] = permit.State,
                ["retryAfterMs"] = permit.RetryAfterMs,
            };
        })
        .Resolve("Mutation", "recordCircuitBreakerResult", async ctx =>
        {
            var input = ctx.Input();
            var breaker = Breaker(ctx, input.Text("id"), changes: true);
            var outcome = input.Text("outcome") switch
            {
                "SUCCESS" => BreakerOutcome.Success,
                "FAILURE" => BreakerOutcome.Failure,
                _ => BreakerOutcome.Ignored,
            };
            await Run(async () => { await breaker.Record(outcome, input.Double("durationMs") ?? 0); return true; });
            return await Named(ctx, breaker.GetState);
        })
        .Resolve("Mutation", "forceOpenCircuitBreaker", ctx => Named(ctx, () => Breaker(ctx, ctx.Argument<string>("id"), changes: true).ForceOpen()))
        .Resolve("Mutation", "closeCircuitBreaker", ctx => Named(ctx, () => Breaker(ctx, ctx.Argument<string>("id"), changes: true).Close()))
        .Resolve("Mutation", "resetCircuitBreaker", ctx => Named(ctx, () => Breaker(ctx, ctx.Argument<string>("id"), changes: true).Reset()))
        .Resolve("Mutation", "disableCircuitBreaker", ctx => Named(ctx, () => Breaker(ctx, ctx.Argument<string>("id"), changes: true).Disable()))
        // Int is 32-bit; a breaker refusing for years could pass it.
        .Resolve("CircuitBreaker", "numberOfNotPermittedCalls", ctx => (int)Math.Min(int.MaxValue, ((BreakerView)ctx.Source!).NumberOfNotPermittedCalls))
        .Resolve("CircuitBreakerEvent", "breaker", ctx =>
            Named(ctx, () => ctx.Grains().GetGrain<ICircuitBreakerGrain>(((BreakerStateChanged)ctx.Source!).BreakerId).GetState()))
        .Resolve("CircuitBreakerEvent", "breakerId", ctx => TenantKeys.NameOf(ctx.Tenant(), ((BreakerStateChanged)ctx.Source!).BreakerId));

    /// <summary>
    /// The breaker grain of a valid id as the caller names it (scoped to its tenant, see <see cref="TenantKeys"/>), else
    /// <c>INVALID_INPUT</c>; a tenant changing a shared breaker is <c>FORBIDDEN</c>.
    /// </summary>
    private static ICircuitBreakerGrain Breaker(ResolveContext ctx, string? id, bool changes)
    {
        var valid = InputRules.RequireId(id, "breaker id");
        var tenant = ctx.Tenant();
        if (changes && tenant is not null && TenantKeys.IsShared(valid))
            throw new GraphQLException($"breaker '{valid}' is shared by every tenant; changing it needs administrator credentials", "FORBIDDEN");
        return ctx.Grains().GetGrain<ICircuitBreakerGrain>(TenantKeys.Breaker(tenant, valid));
    }

    /// <summary>The view as the caller names the breaker.</summary>
    private static async Task<object?> Named(ResolveContext ctx, Func<Task<BreakerView>> read) =>
        await Run(async () => { var view = await read(); return view with { Id = TenantKeys.NameOf(ctx.Tenant(), view.Id) }; });

    /// <summary>The configuration of an input; absent fields stay null (resilience4j defaults), the grain validates values.</summary>
    private static BreakerSettings Settings(IDictionary<string, object?> input) => new()
    {
        FailureRateThreshold = (float?)input.Double("failureRateThreshold"),
        SlowCallRateThreshold = (float?)input.Double("slowCallRateThreshold"),
        SlowCallDurationThresholdMs = input.Double("slowCallDurationThresholdMs"),
        SlidingWindowType = input.Text("slidingWindowType"),
        SlidingWindowSize = input.Int("slidingWindowSize"),
        MinimumNumberOfCalls = input.Int("minimumNumberOfCalls"),
        WaitDurationInOpenStateMs = input.Double("waitDurationInOpenStateMs"),
        PermittedNumberOfCallsInHalfOpenState = input.Int("permittedNumberOfCallsInHalfOpenState"),
        MaxWaitDurationInHalfOpenStateMs = input.Double("maxWaitDurationInHalfOpenStateMs"),
        ExponentialBackoffMultiplier = input.Double("exponentialBackoffMultiplier"),
        ExponentialMaxWaitDurationInOpenStateMs = input.Double("exponentialMaxWaitDurationInOpenStateMs"),
    };
}
