global using Xunit;
global using CircuitBreaker.Runtime.Streams;
