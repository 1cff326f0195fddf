using CircuitBreaker.Grains.Telemetry;
using CircuitBreaker.Storage;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace CircuitBreaker.Silo.Telemetry;

/// <summary>
/// OpenTelemetry for both hosts (docs/OBSERVABILITY.md): metrics always (Orleans' meter, the product's <c>cb_*</c>, ASP.NET
/// Core, HttpClient, runtime, Npgsql), served as Prometheus text at <c>/metrics</c>; traces (ASP.NET Core, HttpClient,
/// Orleans grain calls, the store, Npgsql) only when there is somewhere to send them: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// set, or a test's exporter. Without an exporter no span is created at all, so tracing costs nothing then.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>The standard variable that turns OTLP export (traces, metrics, logs) on.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Adds OpenTelemetry to the host as <paramref name="serviceName"/> (unless <c>OTEL_SERVICE_NAME</c> names it);
    /// <paramref name="tracing"/> adds an exporter (tests) and turns tracing on without OTLP.
    /// </summary>
    public static WebApplicationBuilder AddCircuitBreakerTelemetry(this WebApplicationBuilder builder, string serviceName, Action<TracerProviderBuilder>? tracing = null)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        var refresh = builder.Configuration.GetValue<TimeSpan?>("Telemetry:StoreGaugeInterval");
        builder.Services.AddSingleton(sp => new StoreGauges(sp.GetRequiredService<IStateStore>(), refresh, logger: sp.GetService<ILogger<StoreGauges>>()));
        builder.Services.AddHostedService<StoreGaugesActivation>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r =>
            {
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"])) r.AddService(serviceName);
            })
            .WithMetrics(metrics => metrics
                .AddMeter(ProductMeter.Name, "Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                // No response cache (the exporter's default keeps a scrape for 300 ms): a scrape shows every call answered before it.
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (otlp || tracing is not null)
            telemetry.WithTracing(traces =>
            {
                traces
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                    .AddHttpClientInstrumentation()
                    // Grain calls of the product (Application) and Orleans' storage spans; Runtime (membership probes,
                    // reminders, directory) would add a trace per system call and is left out.
                    .AddSource(ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.StorageActivitySourceName)
                    .AddSource(StorageTracing.SourceName)
                    .AddNpgsql();
                tracing?.Invoke(traces);
            });
        // The OTLP exporters batch in the background (a bounded queue that drops when full, a timeout per export): a
        // collector that is down or wrong never slows or fails a request.
        if (otlp) telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary>Maps <c>/metrics</c> (Prometheus text format).</summary>
    public static WebApplication MapMetricsEndpoint(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health") || path.StartsWithSegments("/ready");

    // The gauges register their instruments when created: creating them at start makes them part of the first scrape.
    private sealed class StoreGaugesActivation(StoreGauges gauges) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(gauges);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
