global using CircuitBreaker.Storage;
global using CircuitBreaker.TestSupport;
global using Xunit;
global using Orleans;
global using Orleans.Streams;
