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
        .Build()
        .WithSubscriptionSources();

    /// <summary>An engine over the schema with the default limits.</summary>
    public static GraphQLEngine Engine() => new(Build(), new ValidationOptions());
}
