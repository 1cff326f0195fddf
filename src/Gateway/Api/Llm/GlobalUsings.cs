// Lets Program.cs call services.AddLlmRouter(...) and app.MapLlmApi() without a using of its own.
global using CircuitBreaker.Gateway.Api.Llm;
