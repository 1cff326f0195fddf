using CircuitBreaker.Gateway.GraphiQL;
using CircuitBreaker.Gateway.Security;
using CircuitBreaker.GraphQL;
using CircuitBreaker.GraphQL.AspNetCore;
using CircuitBreaker.Grains.Workflow;
using Orleans;
using CircuitBreaker.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>Registers and maps the product's GraphQL API.</summary>
public static class ProductGraphQLExtensions
{
    /// <summary>Registers the engine, the token event feed and (unless present) the workflow directory and event log.</summary>
    public static IServiceCollection AddProductGraphQL(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new WorkflowDirectory(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<IGrainFactory>(), sp.GetService<ICursorSeal>()));
        services.TryAddSingleton(sp => new WorkflowEventLog(sp.GetRequiredService<IStateStore>()));
        services.TryAddSingleton(sp => new TokenEventFeed(sp.GetRequiredService<Orleans.Streams.IStreamProvider>(), sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<WorkflowEventLog>()));
        services.TryAddSingleton(sp => ProductSchema.Engine(sp.GetService<GatewaySettings>()?.GraphQL.ToValidationOptions()));
        services.TryAddSingleton(sp => new Llm.LlmStreamRegistry(sp.GetRequiredService<CircuitBreaker.Llm.Routing.LlmRouter>()));
        return services;
    }

    /// <summary>
    /// Maps GraphQL over HTTP, graphql-transport-ws and graphql-sse at <paramref name="path"/> (call
    /// <c>app.UseWebSockets()</c> first). A browser's GET gets GraphiQL served by the gateway itself
    /// (<see cref="GraphiQLEndpoints.MapGraphiQL"/>, works offline) instead of the engine's CDN-loaded page.
    /// </summary>
    public static WebApplication MapProductGraphQL(this WebApplication app, string path = "/graphql")
    {
        app.MapGraphiQL(path);
        app.MapGraphQL(path, app.Services.GetRequiredService<GraphQLEngine>(), new GraphQLHttpOptions
        {
            GraphiQL = false,
            UserContext = Caller.Of,
            OnConnect = WebSocketCredentials.AcceptAsync,
        });
        return app;
    }
}
