using System.Diagnostics;
using System.Net;
using CircuitBreaker.Grains.Workflow;
using CircuitBreaker.Silo.Telemetry;
using CircuitBreaker.Storage;
using CircuitBreaker.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Orleans;
using Xunit;

namespace CircuitBreaker.Silo.Tests;

/// <summary>
/// One trace from an HTTP request through the grain call to the store: a host built in this process with the product's
/// silo and telemetry registration, an in-memory span exporter, and an endpoint that fires a transition.
/// </summary>
public sealed class TraceTests
{
    private const string Workflow = """
        { "id": "traced", "name": "Traced", "states": ["a", "b"], "transitions": [ { "id": "ab", "fromStates": ["a"], "toState": "b" } ],
          "initialState": "a", "finalStates": ["b"] }
        """;

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task A_fire_over_http_is_one_trace_through_the_grain_call_to_the_storage_commit_and_its_sql(StorageProvider provider)
    {
        var directory = TempDirectory.Create("cb-trace");
        var spans = new List<Activity>();
        var port = HostProcess.FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Storage:Provider"] = provider.ToString(),
            ["Storage:DataDirectory"] = directory,
            ["Storage:ServiceId"] = "trace-" + Guid.NewGuid().ToString("N")[..8],
            ["Silo:SiloPort"] = HostProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo:GatewayPort"] = HostProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (provider == StorageProvider.PostgreSql) settings["Storage:ConnectionString"] = PostgreSqlTestDatabase.RequireConnectionString();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(settings["urls"]!);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddCircuitBreakerSilo();
        builder.AddCircuitBreakerTelemetry("trace-test", tracing => tracing.AddInMemoryExporter(spans));
        await using var app = builder.Build();
        app.MapPost("/fire/{token}", async (string token, IGrainFactory grains) =>
            (await grains.GetGrain<ITokenGrain>(token).Fire(new FireTransitionRequest("ab"))).Token.State);
        try
        {
            await app.StartAsync();
            var grains = app.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<IWorkflowGrain>("traced").Create(Workflow);
            await grains.GetGrain<ITokenGrain>("tok_traced").Create(new CreateTokenRequest("traced"));

            using var client = new HttpClient { BaseAddress = new Uri(settings["urls"]!) };
            using var response = await client.PostAsync("/fire/tok_traced", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            // The server span stops after the response is written, so it can be exported a moment after the client has
            // the answer: wait for it, bounded.
            Activity? server = null;
            var deadline = Stopwatch.StartNew();
            while (server is null && deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                lock (spans) server = spans.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("/fire", StringComparison.Ordinal));
                if (server is null) await Task.Delay(50);
            }
            Assert.NotNull(server);
            List<Activity> trace;
            lock (spans) trace = [.. spans.Where(s => s.TraceId == server.TraceId)];
            var byId = trace.ToDictionary(s => s.SpanId);
            bool Under(Activity span, Activity ancestor)
            {
                for (var current = span; current is not null; current = byId.GetValueOrDefault(current.ParentSpanId))
                    if (current.ParentSpanId == ancestor.SpanId) return true;
                return false;
            }

            var grainCall = Assert.Single(trace, s => s.Source.Name == "Microsoft.Orleans.Application" && s.Kind == ActivityKind.Server && s.DisplayName.Contains("Fire", StringComparison.Ordinal));
            Assert.True(Under(grainCall, server), "the grain call is part of the request's trace");
            var write = Assert.Single(trace, s => s.Source.Name == StorageTracing.SourceName && s.DisplayName == "storage.write");
            Assert.True(Under(write, grainCall), "the store write is under the grain call");
            // The batch's commit is a child of the first traced write in it; when another write (a grain's own, say) led
            // the batch, the commit sits in that trace and links to this write instead.
            List<Activity> all;
            lock (spans) all = [.. spans];
            var commit = Assert.Single(all, s => s.Source.Name == StorageTracing.SourceName && s.DisplayName == "storage.commit"
                && (s.ParentSpanId == write.SpanId || s.Links.Any(l => l.Context.SpanId == write.SpanId)));
            if (provider == StorageProvider.PostgreSql)
                Assert.Contains(all, s => s.Source.Name == "Npgsql" && s.ParentSpanId == commit.SpanId);
        }
        finally
        {
            await app.StopAsync();
            TempDirectory.TryDelete(directory);
        }
    }
}
