using CircuitBreaker.Grains;
using CircuitBreaker.Gateway;
using CircuitBreaker.Gateway.Api;
using CircuitBreaker.Gateway.Events;
using CircuitBreaker.Gateway.GraphQL;
using CircuitBreaker.Gateway.Examples;
using CircuitBreaker.Gateway.Pages;
using CircuitBreaker.Gateway.Security;
using CircuitBreaker.Grains.Workflow;
using Orleans;
using CircuitBreaker.Storage;
using CircuitBreaker.Silo;
using CircuitBreaker.Silo.Telemetry;

// Embedded mode: the gateway co-hosts a silo on the configured storage (SQLite in ./data by default).
// The slim builder starts faster (no IIS, hosting-startup or static-web-asset scanning); HTTPS endpoints from
// configuration (Kestrel:Endpoints with certificates) are added back explicitly.
// A start-up failure the operator fixes (a port taken, the data folder in use by another process) is one line and exit code 2.
try
{
    var builder = WebApplication.CreateSlimBuilder(args);
    builder.WebHost.UseKestrelHttpsConfiguration();
    builder.UseDefaultUrl("http://localhost:4000");
    // Gateway:Silo = Hosted (default: co-host a silo) or Client (join a cluster through its PostgreSQL membership).
    switch (builder.Configuration["Gateway:Silo"] ?? "Hosted")
    {
        case var mode when mode.Equals("Hosted", StringComparison.OrdinalIgnoreCase): builder.AddCircuitBreakerSilo(); break;
        case var mode when mode.Equals("Client", StringComparison.OrdinalIgnoreCase): builder.AddCircuitBreakerClient(); break;
        case var mode: throw new InvalidOperationException($"Gateway:Silo '{mode}' is not a hosting mode; use Hosted or Client.");
    }
    // Gateway code subscribes to grain events through the cluster client (the co-hosted silo's, or a remote cluster's).
    builder.Services.AddSingleton(sp => sp.GetRequiredService<IClusterClient>().GetStreamProvider(GrainStreams.ProviderName));

    var settings = builder.Configuration.GetSection(GatewaySettings.SectionName).Get<GatewaySettings>() ?? new GatewaySettings();
    builder.Services.AddSingleton(settings);
    // The co-hosted silo's workflow grains read these too, so saved and unsaved definitions share one set of limits.
    builder.Services.AddSingleton(settings.Analysis);
    builder.Services.AddSingleton(settings.Definitions);
    builder.Services.AddCursorSeal(builder.Configuration);
    builder.Services.AddSingleton(sp => new WorkflowEventLog(sp.GetRequiredService<IStateStore>()));
    // Registered after the silo: hosted services start in order, so the silo runs when the examples are loaded.
    builder.Services.AddHostedService<ExampleLoader>();
    builder.Services.AddHostedService<CatalogChangeRestorer>();
    builder.Services.ConfigureHttpJsonOptions(o =>
    {
        o.SerializerOptions.PropertyNamingPolicy = ApiJson.Options.PropertyNamingPolicy;
        o.SerializerOptions.DefaultIgnoreCondition = ApiJson.Options.DefaultIgnoreCondition;
    });
    builder.Services.AddOpenApi(QueryParameterDocs.Add);
    builder.AddGatewaySecurity(settings);

    builder.Services.AddProductGraphQL();
    builder.Services.AddLlmRouter(builder.Configuration);
    builder.AddCircuitBreakerTelemetry("circuit-breaker-gateway");
    var app = builder.Build();
    app.UseGatewaySecurity(settings);
    app.MapLandingPage();
    app.MapHealthEndpoints();
    app.MapMetricsEndpoint();
    app.MapOpenApi();
    var api = app.MapGroup("/api/v1").AddEndpointFilter(RequestRules.Filter);
    api.MapWorkflowEndpoints();
    api.MapTokenEndpoints();
    api.MapRuleEndpoints();
    api.MapEventEndpoints();
    app.MapApiFallback();
    app.MapResilienceApi();
    app.MapLlmApi();
    app.UseWebSockets();
    app.MapProductGraphQL();
    app.Run();
    return 0;
}
catch (Exception e) when (HostStartupFailure.TryReport(e, Console.Error))
{
    return HostStartupFailure.ExitCode;
}

/// <summary>The gateway's entry point (public for tests that start it in-process).</summary>
public partial class Program;
