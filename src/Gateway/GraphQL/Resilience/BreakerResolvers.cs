using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.Grains.Resilience;
using CircuitBreaker.Storage;
using static CircuitBreaker.Gateway.GraphQL.Resilience.ResilienceErrors;

namespace CircuitBreaker.Gateway.GraphQL.Resilience;

/// <summary>Resolvers of the cluster-wide circuit breakers: read, list, configure, acquire, record, admin operations.</summary>
public static class BreakerResolvers
{
    /// <summary>Adds the resolvers to <paramref name="schema"/>.</summary>
    public static SchemaBuilder AddBreakerResolvers(this SchemaBuilder schema) => schema
        .Resolve("Query", "circuitBreaker", ctx => Run(() => Breaker(ctx, ctx.Argument<string>("id")).GetState()))
        .Resolve("Query", "circuitBreakers", async ctx =>
        {
            var directory = new BreakerDirectory(ctx.Services!.GetRequiredService<IStateStore>(), ctx.Grains());
            var page = await directory.ListAsync(ctx.Argument<string?>("state"), InputRules.RequirePageSize(ctx.Argument("first", 100)),
                ctx.Argument<string?>("after"), ctx.CancellationToken);
            return page.Items;
        })
        .Resolve("Mutation", "configureCircuitBreaker", ctx =>
        {
            var input = ctx.Input();
            var breaker = Breaker(ctx, input.Text("id"));
            return Run(() => breaker.Configure(Settings(input)));
        })
        .Resolve("Mutation", "acquireCircuitBreaker", async ctx =>
        {
            var id = ctx.Argument<string>("id");
            var permit = await Breaker(ctx, id).TryAcquire();
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
            var breaker = Breaker(ctx, input.Text("id"));
            var outcome = input.Text("outcome") switch
            {
                "SUCCESS" => BreakerOutcome.Success,
                "FAILURE" => BreakerOutcome.Failure,
                _ => BreakerOutcome.Ignored,
            };
            await Run(async () => { await breaker.Record(outcome, input.Double("durationMs") ?? 0); return true; });
            return await breaker.GetState();
        })
        .Resolve("Mutation", "forceOpenCircuitBreaker", ctx => Run(() => Breaker(ctx, ctx.Argument<string>("id")).ForceOpen()))
        .Resolve("Mutation", "closeCircuitBreaker", ctx => Run(() => Breaker(ctx, ctx.Argument<string>("id")).Close()))
        .Resolve("Mutation", "resetCircuitBreaker", ctx => Run(() => Breaker(ctx, ctx.Argument<string>("id")).Reset()))
        .Resolve("Mutation", "disableCircuitBreaker", ctx => Run(() => Breaker(ctx, ctx.Argument<string>("id")).Disable()))
        // Int is 32-bit; a breaker refusing for years could pass it.
        .Resolve("CircuitBreaker", "numberOfNotPermittedCalls", ctx => (int)Math.Min(int.MaxValue, ((BreakerView)ctx.Source!).NumberOfNotPermittedCalls))
        .Resolve("CircuitBreakerEvent", "breaker", async ctx =>
            await ctx.Grains().GetGrain<ICircuitBreakerGrain>(((BreakerStateChanged)ctx.Source!).BreakerId).GetState());

    /// <summary>The breaker grain of a valid id, else <c>INVALID_INPUT</c>.</summary>
    private static ICircuitBreakerGrain Breaker(ResolveContext ctx, string? id) =>
        ctx.Grains().GetGrain<ICircuitBreakerGrain>(InputRules.RequireId(id, "breaker id"));

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
