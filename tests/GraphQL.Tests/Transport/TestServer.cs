using CircuitBreaker.GraphQL.AspNetCore;
using CircuitBreaker.GraphQL.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CircuitBreaker.GraphQL.Tests.Transport;

/// <summary>
/// Kestrel on 127.0.0.1, port 0, serving the Star Wars schema at /graphql (subscriptions: three reviews, then open until cancelled),
/// /graphql-fast (short init timeout) and /graphql-finite (subscriptions: two reviews, then the source ends).
/// </summary>
public sealed class TestServer : IAsyncLifetime
{
    private WebApplication? _app;
    public Uri BaseUri { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.UseWebSockets();
        var engine = new GraphQLEngine(StarWarsSchema.Build(() => ThreeReviews()));
        _app.MapGraphQL("/graphql", engine, new GraphQLHttpOptions
        {
            OnConnect = (_, payload) => ValueTask.FromResult(payload?.GetValueOrDefault("token") as string != "bad"),
        });
        _app.MapGraphQL("/graphql-fast", engine, new GraphQLHttpOptions { ConnectionInitTimeout = TimeSpan.FromMilliseconds(200) });
        _app.MapGraphQL("/graphql-finite", new GraphQLEngine(StarWarsSchema.Build(() => TwoReviews())), new GraphQLHttpOptions
        {
            GraphiQLAssets = new GraphiQLAssets("/assets/g.css", "/assets/react.js", "/assets/react-dom.js", "/assets/graphiql.js?v=1&x=2"),
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address);
    }

    /// <summary>Three reviews, then the stream stays open until the subscriber cancels (so duplicate ids can be tested).</summary>
    private static async IAsyncEnumerable<object?> ThreeReviews([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        for (var i = 1; i <= 3; i++)
        {
            await Task.Yield();
            yield return new Dictionary<string, object?> { ["stars"] = i, ["episode"] = "JEDI" };
        }
        await Task.Delay(Timeout.Infinite, ct);
    }

    private static async IAsyncEnumerable<object?> TwoReviews()
    {
        for (var i = 1; i <= 2; i++)
        {
            await Task.Yield();
            yield return new Dictionary<string, object?> { ["stars"] = i, ["episode"] = "EMPIRE" };
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
