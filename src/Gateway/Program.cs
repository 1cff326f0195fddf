using CircuitBreaker.Silo;

// Embedded mode: the gateway co-hosts a silo on the configured storage (SQLite in ./data by default).
var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultUrl("http://localhost:4000");
builder.AddCircuitBreakerSilo();
var app = builder.Build();
app.MapHealthEndpoints();
app.MapResilienceApi();
app.Run();

/// <summary>The gateway's entry point (public for tests that start it in-process).</summary>
public partial class Program;
