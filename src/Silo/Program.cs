using CircuitBreaker.Silo;

// A silo alone: grains on the configured storage, with health endpoints. The gateway co-hosts the same silo.
var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultUrl("http://localhost:4100");
builder.AddCircuitBreakerSilo();
var app = builder.Build();
app.MapHealthEndpoints();
app.Run();
