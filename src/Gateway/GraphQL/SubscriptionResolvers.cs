using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.Grains.Workflow;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>Subscription fields (fed by <see cref="TokenEventFeed"/>) and the <c>TokenEvent</c> type's computed fields.</summary>
public static class SubscriptionResolvers
{
    /// <summary>Adds the <c>TokenEvent</c> resolvers to <paramref name="schema"/>.</summary>
    public static SchemaBuilder AddTokenEventResolvers(this SchemaBuilder schema) => schema
        .Resolve("TokenEvent", "entry", async ctx =>
        {
            var e = (TokenEventModel)ctx.Source!;
            if (e.TokenSequence <= 0) return null;
            var page = await ctx.Token(e.TokenId).History(e.TokenSequence - 1, 1);
            return page.Entries.FirstOrDefault(h => h.Sequence == e.TokenSequence);
        });

    /// <summary>
    /// Sets the source streams on the built schema: they subscribe eagerly (the builder's Subscribe is lazy), so a
    /// missing token is a subscription error and events published right after the subscribe are not lost.
    /// </summary>
    public static Schema WithSubscriptionSources(this Schema schema)
    {
        var fields = schema.SubscriptionType!.Fields;
        fields["tokenUpdates"]!.Subscribe = ctx => Feed(ctx).OpenTokenAsync(ctx.Argument<string>("tokenId"), ctx.Argument<long?>("afterSequence"), ctx.Tenant(), ctx.CancellationToken);
        fields["resourceUpdates"]!.Subscribe = ctx => Feed(ctx).OpenTokenAsync(ctx.Argument<string>("resourceId"), ctx.Argument<long?>("afterSequence"), ctx.Tenant(), ctx.CancellationToken);
        fields["workflowEvents"]!.Subscribe = ctx => Feed(ctx).OpenWorkflowAsync(ctx.Argument<string>("workflowId"), ctx.Argument<long?>("afterSequence"), ctx.Tenant(), ctx.CancellationToken);
        return schema;
    }

    private static TokenEventFeed Feed(ResolveContext ctx) => ctx.Services!.GetRequiredService<TokenEventFeed>();
}
