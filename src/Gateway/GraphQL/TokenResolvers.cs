using CircuitBreaker.Grains;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.Grains.Workflow;
using static CircuitBreaker.Gateway.GraphQL.GraphQLErrorMapping;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>Resolvers of tokens (and the seeds' resources): create, fire, cancel, update data, list, history.</summary>
public static class TokenResolvers
{
    private const int WholeHistoryLimit = 1000;

    /// <summary>Adds the resolvers to <paramref name="schema"/>.</summary>
    public static SchemaBuilder AddTokenResolvers(this SchemaBuilder schema) => schema
        .Resolve("Query", "token", async ctx => await FindAsync(ctx, ctx.Argument<string>("id")))
        .Resolve("Query", "resource", async ctx => await FindAsync(ctx, ctx.Argument<string>("id")))
        .Resolve("Query", "tokens", async ctx => (await ListAsync(ctx, ctx.Argument<string?>("workflowId"))).Items)
        .Resolve("Query", "resources", async ctx => (await ListAsync(ctx, ctx.Argument<string?>("workflowId"))).Items)
        .Resolve("Query", "tokensConnection", async ctx =>
        {
            var page = await ListAsync(ctx, ctx.Argument<string?>("workflowId"));
            return new Dictionary<string, object?>
            {
                ["nodes"] = page.Items,
                ["pageInfo"] = new Dictionary<string, object?> { ["hasNextPage"] = page.HasNextPage, ["endCursor"] = page.EndCursor },
            };
        })
        .Resolve("Query", "availableTransitions", async ctx => await AvailableAsync(ctx, ctx.Argument<string>("tokenId")))
        .Resolve("Query", "availableActivities", async ctx => await AvailableAsync(ctx, ctx.Argument<string>("resourceId")))
        .Resolve("Mutation", "createToken", CreateAsync)
        .Resolve("Mutation", "createResource", CreateAsync)
        .Resolve("Mutation", "fireTransition", ctx => FireAsync(ctx, "tokenId", "transitionId"))
        .Resolve("Mutation", "executeActivity", ctx => FireAsync(ctx, "resourceId", "activityId"))
        .Resolve("Mutation", "cancelToken", async ctx =>
        {
            var grain = await OwnedAsync(ctx, ctx.Argument<string>("id"));
            return await Run(() => grain.Cancel(ctx.Argument<string?>("reason"), (ctx.UserContext as Security.Caller)?.Identity));
        })
        .Resolve("Mutation", "updateTokenData", async ctx =>
        {
            var grain = await OwnedAsync(ctx, ctx.Argument<string>("id"));
            var data = PlainJson.ToJson(ctx.Arguments["data"]) ?? "{}";
            return await Run(() => grain.UpdateData(data, ctx.Argument("replace", false), ctx.Argument<long?>("expectedVersion")));
        })
        .Resolve("Mutation", "updateTokenMetadata", async ctx =>
        {
            var grain = await OwnedAsync(ctx, ctx.Argument<string>("id"));
            var metadata = PlainJson.ToJson(ctx.Arguments["metadata"]) ?? "{}";
            return await Run(() => grain.SetMetadata(metadata));
        })
        .Resolve("Token", "workflow", async ctx =>
        {
            var token = (TokenView)ctx.Source!;
            var view = await ctx.Grains().GetGrain<IWorkflowGrain>(TenantKeys.Of(token.TenantId, token.WorkflowId)).Get(token.WorkflowVersion);
            return view is null ? null : new WorkflowModel(view);
        })
        .Resolve("Token", "marking", ctx => ((TokenView)ctx.Source!).Marking)
        .Resolve("Token", "data", ctx => PlainJson.Parse(((TokenView)ctx.Source!).DataJson))
        .Resolve("Token", "metadata", ctx => PlainJson.Parse(((TokenView)ctx.Source!).MetadataJson))
        .Resolve("Token", "history", async ctx =>
        {
            var grain = ctx.Token((TokenView)ctx.Source!);
            var entries = new List<HistoryEntryView>();
            long after = 0;
            while (entries.Count < WholeHistoryLimit)
            {
                var page = await grain.History(after, 100);
                entries.AddRange(page.Entries);
                if (!page.HasMore || page.Entries.Count == 0) break;
                after = page.Entries[^1].Sequence;
            }
            return entries;
        })
        .Resolve("Token", "historyPage", async ctx =>
        {
            var grain = ctx.Token((TokenView)ctx.Source!);
            return await grain.History(ctx.Argument<long>("afterSequence"), InputRules.RequirePageSize(ctx.Argument("first", 100)), ctx.Argument("descending", false));
        })
        .Resolve("Token", "availableTransitions", async ctx => await Run(ctx.Token((TokenView)ctx.Source!).AvailableTransitions))
        .Resolve("HistoryEntry", "transition", ctx => ((HistoryEntryView)ctx.Source!).TransitionId)
        .Resolve("HistoryEntry", "timestamp", ctx => ((HistoryEntryView)ctx.Source!).At)
        .Resolve("HistoryEntry", "data", ctx => PlainJson.Parse(((HistoryEntryView)ctx.Source!).DataPatchJson))
        .Resolve("AvailableTransition", "id", ctx => ((AvailableTransitionView)ctx.Source!).TransitionId)
        .Resolve("AvailableTransition", "toStates", ctx => ((AvailableTransitionView)ctx.Source!).To)
        .Resolve("AvailableTransition", "toState", ctx => ((AvailableTransitionView)ctx.Source!).To.FirstOrDefault());

    /// <summary>
    /// A page of tokens visible to the caller, filtered by the field's place/status/first/after arguments; the tokens of
    /// <paramref name="workflowId"/> of <paramref name="workflowTenantId"/> (default: the caller's tenant) when given.
    /// </summary>
    public static Task<Page<TokenView>> ListAsync(ResolveContext ctx, string? workflowId, string? workflowTenantId = null) =>
        ctx.Services!.GetRequiredService<WorkflowDirectory>().ListTokensAsync(workflowId, ctx.Argument<string?>("place"),
            ctx.Argument<string?>("status"), InputRules.RequirePageSize(ctx.Argument("first", 50)), ctx.Argument<string?>("after"), ctx.Tenant(),
            ctx.CancellationToken, workflowTenantId);

    /// <summary>A token visible to the caller, or null.</summary>
    public static async Task<TokenView?> FindAsync(ResolveContext ctx, string id)
    {
        var view = await ctx.Token(InputRules.RequireId(id, "token id")).Get();
        var tenant = ctx.Tenant();
        return view is null || (tenant is not null && view.TenantId != tenant) ? null : view;
    }

    private static async Task<ITokenGrain> OwnedAsync(ResolveContext ctx, string id) =>
        await FindAsync(ctx, id) is null
            ? throw new GraphQLException($"token '{id}' not found", WorkflowErrorCodes.TokenNotFound)
            : ctx.Token(id);

    private static async ValueTask<object?> AvailableAsync(ResolveContext ctx, string tokenId)
    {
        var grain = await OwnedAsync(ctx, tokenId);
        return await Run(grain.AvailableTransitions);
    }

    private static async ValueTask<object?> CreateAsync(ResolveContext ctx)
    {
        var input = ctx.Input();
        var workflowId = input.Text("workflowId");
        if (await WorkflowResolvers.FindAsync(ctx, workflowId!, null) is null)
            throw new GraphQLException($"workflow '{workflowId}' not found", WorkflowErrorCodes.WorkflowNotFound);
        var id = input.Text("id") is { } given ? InputRules.RequireId(given, "token id") : Guid.NewGuid().ToString();
        var request = new CreateTokenRequest(workflowId!)
        {
            WorkflowVersion = (int?)input.Number("workflowVersion"),
            StartPlace = input.Text("startPlace"),
            DataJson = input.TryGetValue("data", out var data) ? PlainJson.ToJson(data) : null,
            MetadataJson = input.TryGetValue("metadata", out var metadata) ? PlainJson.ToJson(metadata) : null,
            TenantId = ctx.Tenant(),
        };
        return await Run(() => ctx.Token(id).Create(request));
    }

    private static async ValueTask<object?> FireAsync(ResolveContext ctx, string tokenKey, string transitionKey)
    {
        var input = ctx.Input();
        var tokenId = InputRules.RequireId(input.Text(tokenKey), "token id");
        var request = new FireTransitionRequest(input.Text(transitionKey)!)
        {
            DataPatchJson = input.TryGetValue("data", out var data) ? PlainJson.ToJson(data) : null,
            IdempotencyKey = input.Text("idempotencyKey"),
            ExpectedVersion = input.Number("expectedVersion"),
            Actor = input.Text("actor") ?? (ctx.UserContext as Security.Caller)?.Identity,
            TenantId = ctx.Tenant(),
        };
        var result = (FireResult)(await Run(() => ctx.Token(tokenId).Fire(request)))!;
        return result.Token;
    }
}
