using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Tests.Features;

/// <summary>Interfaces implementing interfaces (spec 2021): fragments on the inner interface validate and apply; texts are graphql-js 16's.</summary>
public class InterfaceHierarchyTests
{
    private static readonly GraphQLEngine Engine = new(SchemaBuilder.FromSdl("""
            interface Node { id: ID! }
            interface Resource implements Node { id: ID! url: String }
            type Image implements Resource & Node { id: ID! url: String width: Int }
            type Page implements Node { id: ID! title: String }
            interface Other { x: Int }
            type O implements Other { x: Int }
            type Query { node(id: ID!): Node other: Other }
            """)
        .Resolve("Query", "node", c => c.Argument<string>("id") == "1"
            ? new Dictionary<string, object?> { ["__typename"] = "Image", ["id"] = "1", ["url"] = "u", ["width"] = 3 }
            : new Dictionary<string, object?> { ["__typename"] = "Page", ["id"] = "2", ["title"] = "t" })
        .Build());

    private static async Task<string> Run(string query) => (await Engine.ExecuteAsync(new GraphQLRequest { Query = query })).ToJson();

    [Fact]
    public async Task Fragments_on_the_inner_interface_apply_to_objects_that_implement_it_and_not_to_others()
    {
        const string query = """
            { a: node(id: "1") { ...Shape } b: node(id: "2") { ...Shape } }
            fragment Shape on Node { id ... on Resource { url } ...R ... on Image { width } ... on Page { title } }
            fragment R on Resource { __typename }
            """;
        Assert.Equal("""{"data":{"a":{"id":"1","url":"u","__typename":"Image","width":3},"b":{"id":"2","title":"t"}}}""", await Run(query));
    }

    [Theory]
    [InlineData("{ other { ... on Resource { url } } }", """Fragment cannot be spread here as objects of type \"Other\" can never be of type \"Resource\".""", 11)]
    [InlineData("{ other { ...R } } fragment R on Resource { url }", """Fragment \"R\" cannot be spread here as objects of type \"Other\" can never be of type \"Resource\".""", 11)]
    [InlineData("""{ node(id: "1") { ... on Resource { width } } }""", """Cannot query field \"width\" on type \"Resource\". Did you mean to use an inline fragment on \"Image\"?""", 37)]
    public async Task Impossible_spreads_and_fields_of_the_implementation_are_rejected(string query, string message, int column) =>
        Assert.Equal($$$"""{"errors":[{"message":"{{{message}}}","locations":[{"line":1,"column":{{{column}}}}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}""", await Run(query));

    [Fact]
    public async Task Introspection_lists_the_inner_interfaces_parents_and_implementations()
    {
        Assert.Equal("""{"data":{"__type":{"kind":"INTERFACE","interfaces":[{"name":"Node"}],"possibleTypes":[{"name":"Image"}]}}}""",
            await Run("""{ __type(name: "Resource") { kind interfaces { name } possibleTypes { name } } }"""));
    }
}
