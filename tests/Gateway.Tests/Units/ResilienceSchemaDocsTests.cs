using CircuitBreaker.Gateway.GraphQL;
using CircuitBreaker.Gateway.GraphQL.Resilience;
using CircuitBreaker.TestSupport;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Units;

/// <summary>docs/GRAPHQL-API.md prints the resilience SDL as built, and its resilience examples are valid operations of the product schema.</summary>
public sealed class ResilienceSchemaDocsTests
{
    private static readonly string Docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "GRAPHQL-API.md")).ReplaceLineEndings("\n");

    [Fact]
    public void The_docs_print_the_resilience_sdl_verbatim() =>
        Assert.Contains("```graphql\n" + ResilienceSchemaSdl.Text.ReplaceLineEndings("\n") + "\n```", Docs);

    [Fact]
    public void The_resilience_examples_of_the_docs_validate_against_the_product_schema()
    {
        var section = Docs[Docs.IndexOf("## Circuit breakers and budgets", StringComparison.Ordinal)..Docs.IndexOf("## Schema (SDL)", StringComparison.Ordinal)];
        var block = section[(section.IndexOf("```graphql\n", StringComparison.Ordinal) + 11)..];
        var operations = block[..block.IndexOf("```", StringComparison.Ordinal)].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(operations.Length >= 10, $"found {operations.Length} example operations");
        var engine = ProductSchema.Engine();
        foreach (var operation in operations)
        {
            var prepared = engine.Prepare(operation);
            Assert.True(prepared.Errors.Count == 0, $"{operation}: {string.Join("; ", prepared.Errors.Select(e => e.Message))}");
        }
    }
}
