using CircuitBreaker.Gateway.GraphQL.Llm;
using CircuitBreaker.Gateway.GraphQL.Resilience;
using CircuitBreaker.GraphQL;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.GraphQL.Validation;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>Builds the product schema (<see cref="ProductSchemaSdl"/>) with every resolver bound.</summary>
public static class ProductSchema
{
    /// <summary>The schema.</summary>
    public static Schema Build() => SchemaBuilder.FromSdl(ProductSchemaSdl.Text)
        .AddWorkflowResolvers()
        .AddTokenResolvers()
        .AddRuleResolvers()
        .AddTokenEventResolvers()
        .AddResilienceSchema()
        .AddLlmSchema()
        .Build()
        .WithSubscriptionSources()
        .WithResilienceSubscriptionSources()
        .WithLlmSubscriptionSources();

    /// <summary>An engine over the schema with <paramref name="limits"/> (default: the engine's default limits).</summary>
    public static GraphQLEngine Engine(ValidationOptions? limits = null) => new(Build(), limits ?? new ValidationOptions());
}
