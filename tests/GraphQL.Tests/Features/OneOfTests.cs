using System.Text.Json;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Tests.Features;

/// <summary>@oneOf input objects: validation of literals and coercion of variables, with graphql-js 16.15's texts and locations.</summary>
public class OneOfTests
{
    private static readonly GraphQLEngine Engine = new(SchemaBuilder.FromSdl("""
            input PetBy @oneOf { id: ID name: String }
            type Pet { name: String }
            type Query { pet(by: PetBy!): Pet }
            """)
        .Resolve("Query", "pet", c => new Dictionary<string, object?> { ["name"] = JsonSerializer.Serialize(c.Arguments["by"]) })
        .Build(), executionOptions: ExecutionOptions.Unmasked);

    private static async Task<string> Run(string query, string? variablesJson = null)
    {
        var vars = variablesJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(variablesJson)!.ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
        return (await Engine.ExecuteAsync(new GraphQLRequest { Query = query, Variables = vars })).ToJson();
    }

    [Theory]
    [InlineData("""{ pet(by: { id: "1", name: "x" }) { name } }""", """OneOf Input Object \"PetBy\" must specify exactly one key.""")]
    [InlineData("""{ pet(by: {}) { name } }""", """OneOf Input Object \"PetBy\" must specify exactly one key.""")]
    [InlineData("""{ pet(by: { id: null }) { name } }""", """Field \"PetBy.id\" must be non-null.""")]
    public async Task Literals_must_give_exactly_one_non_null_field(string query, string message) =>
        Assert.Equal($$$"""{"errors":[{"message":"{{{message}}}","locations":[{"line":1,"column":11}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}""", await Run(query));

    [Theory]
    [InlineData("""{ pet(by: { id: "1" }) { name } }""", null, """{\"id\":\"1\"}""")]
    [InlineData("""query($id: ID) { pet(by: { id: $id }) { name } }""", """{"id":"7"}""", """{\"id\":\"7\"}""")]
    [InlineData("""query($by: PetBy!) { pet(by: $by) { name } }""", """{"by":{"name":"Rex"}}""", """{\"name\":\"Rex\"}""")]
    public async Task One_field_is_accepted_from_literals_and_variables(string query, string? variables, string echoed) =>
        Assert.Equal("{\"data\":{\"pet\":{\"name\":\"" + echoed + "\"}}}", await Run(query, variables));

    [Theory]
    [InlineData("""{"by":{"name":"Rex","id":"1"}}""", """Variable \"$by\" got invalid value { name: \"Rex\", id: \"1\" }; Exactly one key must be specified for OneOf type \"PetBy\".""")]
    [InlineData("""{"by":{}}""", """Variable \"$by\" got invalid value {}; Exactly one key must be specified for OneOf type \"PetBy\".""")]
    [InlineData("""{"by":{"name":null}}""", """Variable \"$by\" got invalid value null at \"by.name\"; Field \"name\" must be non-null.""")]
    public async Task Variable_values_must_give_exactly_one_non_null_field(string variables, string message) =>
        Assert.Equal($$$"""{"errors":[{"message":"{{{message}}}","locations":[{"line":1,"column":7}],"extensions":{"code":"BAD_USER_INPUT"}}]}""",
            await Run("query($by: PetBy!) { pet(by: $by) { name } }", variables));

    [Theory]
    [InlineData("""{"id":null}""")]
    [InlineData("{}")]
    public async Task A_nullable_variable_that_leaves_the_one_field_null_fails_the_argument(string variables) =>
        Assert.Equal("""{"errors":[{"message":"Argument \"by\" has invalid value {id: $id}.","locations":[{"line":1,"column":26}],"path":["pet"],"extensions":{"code":"BAD_USER_INPUT"}}],"data":{"pet":null}}""",
            await Run("query($id: ID) { pet(by: { id: $id }) { name } }", variables));
}
