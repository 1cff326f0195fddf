using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.Gateway.GraphQL.Llm;

/// <summary>The LLM router part of the product schema (<see cref="LlmSchemaSdl"/> extends the root types).</summary>
public static class LlmSchema
{
    /// <summary>Adds the LLM SDL and resolvers to <paramref name="schema"/>.</summary>
    public static SchemaBuilder AddLlmSchema(this SchemaBuilder schema) => schema
        .AddSdl(LlmSchemaSdl.Text)
        .AddLlmProviderResolvers()
        .AddLlmChatResolvers()
        .AddCostAnalyticsResolver();

    /// <summary>Sets the LLM subscription sources on the built schema.</summary>
    public static Schema WithLlmSubscriptionSources(this Schema schema) => schema.WithLlmStreamSource();
}
