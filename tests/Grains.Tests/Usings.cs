global using CircuitBreaker.Storage;
global using CircuitBreaker.TestSupport;
global using Xunit;
