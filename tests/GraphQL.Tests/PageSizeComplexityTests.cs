using System.Text.Json;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.GraphQL.Validation;

namespace CircuitBreaker.GraphQL.Tests;

/// <summary>Complexity counts page sizes: a field's first/last/limit multiplies what its selection costs; introspection has depth.</summary>
public class PageSizeComplexityTests
{
    private static readonly Schema Schema = SchemaBuilder.FromSdl("""
        type Query { items(first: Int = 50): [Item!]! item: Item page(limit: Int): Page! }
        type Item { id: ID! name: String children(first: Int = 10): [Item!]! }
        type Page { items: [Item!]! }
        """).Build();

    private static ExecutionResult Run(string query, int maxComplexity, string? variablesJson = null, int maxDepth = 0)
    {
        var vars = variablesJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(variablesJson)!
            .ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
        return new GraphQLEngine(Schema, new ValidationOptions { MaxComplexity = maxComplexity, MaxDepth = maxDepth })
            .ExecuteAsync(new GraphQLRequest { Query = query, Variables = vars }).GetAwaiter().GetResult();
    }

    private static string? LimitMessage(ExecutionResult result) =>
        result.Errors.FirstOrDefault(e => e.Code == ErrorCodes.LimitExceeded)?.Message;

    [Theory]
    // 1 + 100 x (id + name)
    [InlineData("{ items(first: 100) { id name } }", 201)]
    // The argument's default (50) when none is given.
    [InlineData("{ items { id } }", 51)]
    // Nested pages multiply: 1 + 10 x (1 + 1 + 5 x 1)
    [InlineData("{ items(first: 10) { id children(first: 5) { id } } }", 71)]
    // A field without a page argument counts once; limit is a page size too: 1 + 20 x (1 + 1 x 1)
    [InlineData("{ page(limit: 20) { items { id } } }", 41)]
    [InlineData("{ item { id name } }", 3)]
    [InlineData("{ items(first: 0) { id } item { id } }", 3)]
    public void Page_sizes_multiply_the_cost_of_their_selection(string query, int complexity)
    {
        Assert.Null(LimitMessage(Run(query, complexity)));
        Assert.Equal($"Operation has complexity {complexity}, which exceeds the maximum allowed complexity of {complexity - 1}.",
            LimitMessage(Run(query, complexity - 1)));
    }

    [Fact]
    public void Page_sizes_given_as_variables_count_with_their_values()
    {
        const string query = "query($n: Int) { items(first: $n) { id } }";
        Assert.Null(LimitMessage(Run(query, 101, """{"n":100}""")));
        Assert.Contains("complexity 1001", LimitMessage(Run(query, 101, """{"n":1000}""")));
        // Unknown at validation time: the argument's default counts, or the variable's declared default.
        Assert.Null(LimitMessage(Run(query, 51)));
        Assert.Contains("complexity 1001", LimitMessage(Run("query($n: Int = 1000) { items(first: $n) { id } }", 101)));
    }

    [Fact]
    public void Huge_page_sizes_saturate_instead_of_overflowing()
    {
        var result = Run("{ items(first: 99999999999) { id children(first: 2147483647) { id children(first: 2147483647) { id } } } }", 1000);
        Assert.Contains("exceeds the maximum allowed complexity", LimitMessage(result));
    }

    [Fact]
    public void Introspection_counts_toward_the_depth_limit()
    {
        Assert.Contains("depth 6", LimitMessage(Run("{ __schema { types { fields { type { ofType { name } } } } } }", 0, maxDepth: 5)));
        Assert.Null(LimitMessage(Run("{ __schema { types { fields { type { name } } } } }", 0, maxDepth: 5)));
    }
}

/// <summary>A quoted enum value is explained instead of suggesting the value the client already wrote.</summary>
public class QuotedEnumValueTests
{
    private static readonly Schema Schema = SchemaBuilder.FromSdl("""
        enum Status { active done }
        type Query { items(status: Status): Int }
        """).Build();

    [Fact]
    public async Task A_quoted_enum_value_says_to_drop_the_quotes()
    {
        var result = await new GraphQLEngine(Schema).ExecuteAsync(new GraphQLRequest { Query = """{ items(status: "active") }""" });
        Assert.Equal("Enum \"Status\" cannot represent the string \"active\": enum values are written without quotes, as active.",
            Assert.Single(result.Errors).Message);
        // A string that is no value keeps graphql-js's message.
        var other = await new GraphQLEngine(Schema).ExecuteAsync(new GraphQLRequest { Query = """{ items(status: "actve") }""" });
        Assert.StartsWith("Enum \"Status\" cannot represent non-enum value: \"actve\".", Assert.Single(other.Errors).Message);
    }
}
