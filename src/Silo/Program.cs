using CircuitBreaker.Silo;
using CircuitBreaker.Silo.Telemetry;

// A silo alone: grains on the configured storage, with health endpoints. The gateway co-hosts the same silo.
// A start-up failure the operator fixes (a port taken, the data folder in use by another process) is one line and exit code 2.
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.UseDefaultUrl("http://localhost:4100");
    builder.AddCircuitBreakerSilo();
    builder.AddCircuitBreakerTelemetry("circuit-breaker-silo");
    var app = builder.Build();
    app.MapHealthEndpoints();
    app.MapMetricsEndpoint();
    app.Run();
    return 0;
}
catch (Exception e) when (HostStartupFailure.TryReport(e, Console.Error))
{
    return HostStartupFailure.ExitCode;
}
