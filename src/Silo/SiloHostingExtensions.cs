using CircuitBreaker.Grains;
using CircuitBreaker.Storage;
using Orleans.Configuration;
using Orleans.Hosting;

namespace CircuitBreaker.Silo;

/// <summary>Adds a configured silo (storage from <c>Storage:*</c>, options from <c>Silo:*</c>) to a web host.</summary>
public static class SiloHostingExtensions
{
    /// <summary>
    /// Registers the silo with the product's grains, ADO.NET storage and reminders chosen by configuration,
    /// a hosted service that migrates the schema before the silo starts, and nothing else.
    /// </summary>
    public static WebApplicationBuilder AddCircuitBreakerSilo(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(StorageSettings.SectionName).Get<StorageSettings>() ?? new StorageSettings();
        var silo = builder.Configuration.GetSection(SiloSettings.SectionName).Get<SiloSettings>() ?? new SiloSettings();
        var storage = settings.CreateStorage();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(silo);
        builder.Services.AddSingleton<StartupWork>();
        // Registered before the silo so the schema exists when Orleans reads reminders and membership at silo start.
        builder.Services.AddHostedService(_ => new StorageInitializer(storage, settings));
        var address = silo.ParseAdvertisedAddress();
        builder.UseOrleans(orleans =>
        {
            orleans.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = silo.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
            orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: settings.ServiceId, clusterId: silo.ClusterId);
            orleans.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = address);
            orleans.AddCircuitBreakerGrains(storage);
        });
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (process alive) and <c>/ready</c> (startup work finished and storage reachable, else 503
    /// problem+json with code <c>STARTING</c> or <c>STORAGE_UNAVAILABLE</c>).
    /// </summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapGet("/health", () => Results.Ok(new { status = "alive" }));
        app.MapGet("/ready", async (IStateStore storage, StartupWork startup, CancellationToken ct) =>
        {
            if (startup.Pending is { Count: > 0 } pending)
                return Results.Problem(title: "Starting", detail: "waiting for: " + string.Join(", ", pending), statusCode: 503,
                    extensions: new Dictionary<string, object?> { ["code"] = "STARTING" });
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await storage.PingAsync(timeout.Token);
                return Results.Ok(new { status = "ready" });
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return Results.Problem(title: "Storage unreachable", detail: ex.Message, statusCode: 503,
                    extensions: new Dictionary<string, object?> { ["code"] = "STORAGE_UNAVAILABLE" });
            }
        });
        return app;
    }

    /// <summary>Listens on <paramref name="defaultUrl"/> unless <c>--urls</c>, <c>Urls</c> or <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public static WebApplicationBuilder UseDefaultUrl(this WebApplicationBuilder builder, string defaultUrl)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
            builder.WebHost.UseUrls(defaultUrl);
        return builder;
    }

    private sealed class StorageInitializer(AdoNetStateStore storage, StorageSettings settings) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await storage.InitializeAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Fail fast with one readable line: a silo without its storage must not half-start.
                throw new InvalidOperationException(
                    $"Cannot open the {settings.Provider} storage at {settings.DescribeLocation()}: {ex.Message}", ex);
            }
        }

        // The storage is disposed (pending writes flushed) by the container after the silo stopped.
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
