using Microsoft.Extensions.DependencyInjection.Extensions;
using CircuitBreaker.Grains;
using CircuitBreaker.Storage;
using Orleans.Configuration;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;

namespace CircuitBreaker.Silo;

/// <summary>Adds a configured silo (storage from <c>Storage:*</c>, options from <c>Silo:*</c>) to a web host.</summary>
public static class SiloHostingExtensions
{
    /// <summary>
    /// Registers the silo with the product's grains and ADO.NET storage chosen by configuration, and a hosted service
    /// that migrates the schema before the silo starts. On SQLite: localhost clustering and the store's own reminder
    /// table. On PostgreSQL: Orleans' ADO.NET membership and reminders in the same database, with failure detection
    /// tuned as docs/CLUSTER.md describes (override any of it under <c>Silo:Membership</c>).
    /// </summary>
    public static WebApplicationBuilder AddCircuitBreakerSilo(this WebApplicationBuilder builder)
    {
        var (settings, storage) = AddStorage(builder);
        var silo = SiloSettingsOf(builder, settings);
        var address = silo.ParseAdvertisedAddress();
        // Workflow grains enforce the definition limits and analysis budgets, so a silo reads the same keys the
        // gateway documents (a co-hosting gateway registers its own copy of the same sections).
        builder.Services.TryAddSingleton(builder.Configuration.GetSection("Gateway:Analysis").Get<CircuitBreaker.Workflow.Analysis.Exploration.AnalysisBudget>() ?? new());
        builder.Services.TryAddSingleton(builder.Configuration.GetSection("Gateway:Definitions").Get<CircuitBreaker.Workflow.Validation.DefinitionLimits>() ?? new());
        HostStartupFailure.ThrowIfPortsTaken(("Silo:SiloPort", silo.SiloPort), ("Silo:GatewayPort", silo.GatewayPort));
        builder.UseOrleans(orleans =>
        {
            // Trace context crosses grain calls (spans only exist while a tracer listens; see Telemetry/TelemetryRegistration).
            orleans.AddActivityPropagation();
            orleans.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = silo.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
            if (settings.Provider == StorageProvider.PostgreSql)
            {
                orleans.UseAdoNetClustering(o =>
                {
                    o.Invariant = NpgsqlInvariant;
                    o.ConnectionString = settings.OrleansConnectionString();
                });
                orleans.UseAdoNetReminderService(o =>
                {
                    o.Invariant = NpgsqlInvariant;
                    o.ConnectionString = settings.OrleansConnectionString();
                });
                orleans.ConfigureEndpoints(address, silo.SiloPort, silo.GatewayPort, listenOnAnyHostAddress: true);
                orleans.Configure<ClusterMembershipOptions>(ClusterTuning.Apply);
                orleans.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection(SiloSettings.SectionName + ":Membership"));
                orleans.AddCircuitBreakerGrains(storage, storeReminders: false);
                if (settings.Documents == DocumentStorageKind.OrleansAdoNet) orleans.UseOrleansAdoNetDocuments(settings.OrleansConnectionString());
            }
            else
            {
                if (settings.Documents == DocumentStorageKind.OrleansAdoNet)
                    throw new InvalidOperationException("Storage:Documents=OrleansAdoNet needs Storage:Provider=PostgreSql; the embedded SQLite run keeps every grain in its own store.");
                orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: settings.ServiceId, clusterId: silo.ClusterId);
                orleans.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = address);
                orleans.AddCircuitBreakerGrains(storage);
            }
        });
        return builder;
    }

    /// <summary>
    /// Joins an existing cluster as an Orleans client instead of hosting a silo: membership is read from the same
    /// PostgreSQL (<c>Storage:*</c>, <c>Silo:ClusterId</c>); the store is opened for listings and feeds. The client
    /// keeps retrying with backoff while no silo answers; <c>/ready</c> says <c>CLUSTER_UNAVAILABLE</c> meanwhile.
    /// </summary>
    public static WebApplicationBuilder AddCircuitBreakerClient(this WebApplicationBuilder builder)
    {
        var (settings, _) = AddStorage(builder);
        if (settings.Provider != StorageProvider.PostgreSql)
            throw new InvalidOperationException(
                "Gateway:Silo is Client, which joins a cluster through its PostgreSQL membership table; set Storage:Provider=PostgreSql " +
                "and Storage:ConnectionString, or use Gateway:Silo=Hosted for the embedded run.");
        var silo = SiloSettingsOf(builder, settings);
        // The web server must answer /ready while the client is still looking for a silo.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.UseOrleansClient(client =>
        {
            client.AddActivityPropagation();
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = silo.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = NpgsqlInvariant;
                o.ConnectionString = settings.OrleansConnectionString();
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            // An Orleans client does not fail the calls it sent through a gateway silo that died: they wait for the
            // response timeout. A short default bounds a failover; long-running grain methods carry [ResponseTimeout].
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = silo.ClientCallTimeout);
            client.AddMemoryStreams(GrainStreams.ProviderName);
            client.Services.AddSingleton<IClientConnectionRetryFilter>(sp =>
                new ClusterConnectionRetry(silo.ClusterId, sp.GetRequiredService<ILogger<ClusterConnectionRetry>>()));
        });
        return builder;
    }

    private const string NpgsqlInvariant = "Npgsql";

    private static SiloSettings SiloSettingsOf(WebApplicationBuilder builder, StorageSettings storage)
    {
        var silo = builder.Configuration.GetSection(SiloSettings.SectionName).Get<SiloSettings>() ?? new SiloSettings();
        // One cluster per service unless an operator names it: the membership rows and the grain rows then agree.
        if (string.IsNullOrWhiteSpace(silo.ClusterId)) silo.ClusterId = storage.ServiceId;
        builder.Services.AddSingleton(silo);
        return silo;
    }

    private static (StorageSettings Settings, AdoNetStateStore Storage) AddStorage(WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(StorageSettings.SectionName).Get<StorageSettings>() ?? new StorageSettings();
        var storage = settings.CreateStorage();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton<IStateStore>(storage);
        builder.Services.AddSingleton<StartupWork>();
        // Registered before the silo so the schema exists when Orleans reads reminders and membership at silo start.
        builder.Services.AddHostedService(_ => new StorageInitializer(storage, settings));
        return (settings, storage);
    }

    /// <summary>
    /// Maps <c>/health</c> (process alive) and <c>/ready</c> (startup work finished and storage reachable, else 503
    /// problem+json with code <c>STARTING</c> or <c>STORAGE_UNAVAILABLE</c>).
    /// </summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapGet("/health", () => Results.Ok(new { status = "alive" }));
        app.MapGet("/ready", async (IStateStore storage, StartupWork startup, IClusterClient cluster, SiloSettings silo, CancellationToken ct) =>
        {
            if (startup.Pending is { Count: > 0 } pending)
                return Results.Problem(title: "Starting", detail: "waiting for: " + string.Join(", ", pending), statusCode: 503,
                    extensions: new Dictionary<string, object?> { ["code"] = "STARTING" });
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await storage.PingAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return Results.Problem(title: "Storage unreachable", detail: ex.Message, statusCode: 503,
                    extensions: new Dictionary<string, object?> { ["code"] = "STORAGE_UNAVAILABLE" });
            }
            try
            {
                // A grain call through the cluster: answers only when this host (silo or client) reaches a live silo.
                var hosts = await cluster.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(timeout.Token);
                return Results.Ok(new { status = "ready", cluster = silo.ClusterId, silos = hosts.Count });
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return Results.Problem(title: "Cluster unavailable", statusCode: 503,
                    detail: $"no live silo of cluster '{silo.ClusterId}' answered: {ex.Message}",
                    extensions: new Dictionary<string, object?> { ["code"] = "CLUSTER_UNAVAILABLE" });
            }
        });
        return app;
    }

    /// <summary>Listens on <paramref name="defaultUrl"/> unless <c>--urls</c>, <c>Urls</c> or <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public static WebApplicationBuilder UseDefaultUrl(this WebApplicationBuilder builder, string defaultUrl)
    {
        var urls = builder.Configuration["urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            builder.WebHost.UseUrls(defaultUrl);
            urls = defaultUrl;
        }
        // Checked before the silo starts: a taken HTTP port is then one line, not a silo started and stopped again.
        HostStartupFailure.ThrowIfPortsTaken([.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Uri.TryCreate(u.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null)
            .Where(u => u is { Port: > 0 })
            .Select(u => ("urls", u!.Port))]);
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
