// Lets Program.cs call app.MapResilienceApi() without a using of its own.
global using CircuitBreaker.Gateway.Api.Resilience;
