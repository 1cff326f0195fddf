global using CircuitBreaker.Runtime.AdoNet;
global using CircuitBreaker.TestSupport;
global using Xunit;
