using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Types;
using Orleans.Streams;

namespace CircuitBreaker.Gateway.GraphQL.Resilience;

/// <summary>The circuit-breaker and budget part of the product schema (its SDL, <see cref="ResilienceSchemaSdl"/>, extends the root types).</summary>
public static class ResilienceSchema
{
    /// <summary>Adds the resilience SDL and resolvers to <paramref name="schema"/>.</summary>
    public static SchemaBuilder AddResilienceSchema(this SchemaBuilder schema) => schema
        .AddSdl(ResilienceSchemaSdl.Text)
        .AddBreakerResolvers()
        .AddBudgetResolvers();

    /// <summary>
    /// Sets the resilience subscription sources on the built schema: like the token feeds they subscribe eagerly, so
    /// events published right after the subscription is established are not lost.
    /// </summary>
    public static Schema WithResilienceSubscriptionSources(this Schema schema)
    {
        var fields = schema.SubscriptionType!.Fields;
        fields["circuitBreakerEvents"]!.Subscribe = ctx => Feed(ctx).OpenBreakerAsync(ctx.Argument<string>("id"), ctx.Tenant(), ctx.CancellationToken);
        fields["costUpdates"]!.Subscribe = ctx => Feed(ctx).OpenCostUpdatesAsync(ctx.Argument<string>("userId"), ctx.Tenant(), ctx.CancellationToken);
        return schema;
    }

    private static ResilienceEventFeed Feed(ResolveContext ctx) => new(ctx.Services!.GetRequiredService<IStreamProvider>());
}
