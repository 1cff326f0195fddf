using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.Llm.Routing;

namespace CircuitBreaker.Gateway.GraphQL.Llm;

/// <summary>
/// Chat completions over GraphQL: <c>llmChatCompletion</c> (the whole answer), <c>llmChatCompletionStream</c> (starts a
/// stream, see <see cref="LlmStreamRegistry"/>) and the <c>llmStream</c> subscription. The router is the one behind
/// <c>/v1/chat/completions</c>: same budgets, breakers, fallbacks and cost records.
/// </summary>
public static class LlmChatResolvers
{
    /// <summary>Adds the resolvers to <paramref name="schema"/>.</summary>
    public static SchemaBuilder AddLlmChatResolvers(this SchemaBuilder schema) => schema
        .Resolve("Mutation", "llmChatCompletion", async ctx =>
        {
            var (request, scopes) = LlmChatInput.Read(ctx, ctx.Input(), stream: false);
            var router = ctx.Services!.GetRequiredService<LlmRouter>();
            var result = await LlmGraphQLErrors.Run(() => router.CompleteAsync(request, scopes, ctx.CancellationToken));
            return LlmGraphQLModels.Response(result, "chatcmpl-" + Guid.NewGuid().ToString("N")[..24], DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        })
        .Resolve("Mutation", "llmChatCompletionStream", async ctx => Handle(await StartAsync(ctx, ctx.Input(), null)));

    /// <summary>Sets the <c>llmStream</c> source: with an input it starts the stream under the given id, then follows it.</summary>
    public static Schema WithLlmStreamSource(this Schema schema)
    {
        schema.SubscriptionType!.Fields["llmStream"]!.Subscribe = async ctx =>
        {
            var requestId = InputRules.RequireId(ctx.Argument<string>("requestId"), "requestId");
            if (ctx.Arguments.GetValueOrDefault("input") is IDictionary<string, object?> input) await StartAsync(ctx, input, requestId);
            return Registry(ctx).Subscribe(requestId, ctx.Tenant(), ctx.CancellationToken);
        };
        return schema;
    }

    private static LlmStreamRegistry Registry(ResolveContext ctx) => ctx.Services!.GetRequiredService<LlmStreamRegistry>();

    private static async Task<(string RequestId, RoutedStream Stream)> StartAsync(ResolveContext ctx, IDictionary<string, object?> input, string? requestId)
    {
        var (request, scopes) = LlmChatInput.Read(ctx, input, stream: true);
        return await LlmGraphQLErrors.Run(() => Registry(ctx).StartAsync(requestId, request, scopes, ctx.Tenant()));
    }

    private static Dictionary<string, object?> Handle((string RequestId, RoutedStream Stream) started) => new()
    {
        ["requestId"] = started.RequestId,
        ["model"] = started.Stream.Routing.SelectedModel ?? started.Stream.Routing.RequestedModel,
        ["provider"] = started.Stream.Routing.SelectedProvider ?? "",
        ["routingInfo"] = LlmGraphQLModels.Routing(started.Stream.Routing),
    };
}
