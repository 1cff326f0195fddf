using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Tests;

/// <summary>Every execution error carries extensions.code; unexpected exception messages are masked unless turned off.</summary>
public class ErrorCodeTests
{
    private static readonly Schema Schema = new SchemaBuilder()
        .Enum("Color", "RED")
        .Object("Query", q => q
            .Field("boom", "String", _ => throw new InvalidOperationException("connection string Server=db;Password=x"))
            .Field("coded", "String", _ => throw new GraphQLException("no such thing", "NOT_FOUND", new Dictionary<string, object?> { ["id"] = 7 }))
            .Field("missing", "String!", _ => ValueTask.FromResult<object?>(null))
            .Field("badInt", "Int", _ => ValueTask.FromResult<object?>("abc"))
            .Field("badEnum", "Color", _ => ValueTask.FromResult<object?>("BLUE"))
            .Field("echo", "Int", f => f.Argument("n", "Int!").Resolve(c => c.Arguments["n"]))
            .Field("reported", "String", c => { c.ReportError("partial"); return ValueTask.FromResult<object?>("x"); }))
        .Build();

    private static async Task<ExecutionResult> Run(string query, ExecutionOptions? options = null, string? variablesJson = null)
    {
        var vars = variablesJson is null ? null : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, System.Text.Json.JsonElement>>(variablesJson)!
            .ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
        return await new GraphQLEngine(Schema, executionOptions: options).ExecuteAsync(new GraphQLRequest { Query = query, Variables = vars });
    }

    [Theory]
    [InlineData("{ boom }", "INTERNAL_SERVER_ERROR", "Unexpected Execution Error")]
    [InlineData("{ coded }", "NOT_FOUND", "no such thing")]
    [InlineData("{ missing }", "NON_NULL_VIOLATION", "Cannot return null for non-nullable field Query.missing.")]
    [InlineData("{ badInt }", "RESULT_COERCION_FAILED", "Int cannot represent non-integer value: \"abc\"")]
    [InlineData("{ badEnum }", "RESULT_COERCION_FAILED", "Enum \"Color\" cannot represent value: \"BLUE\"")]
    [InlineData("{ reported }", "INTERNAL_SERVER_ERROR", "partial")]
    public async Task Each_kind_of_field_error_has_its_code(string query, string code, string message)
    {
        var e = Assert.Single((await Run(query)).Errors);
        Assert.Equal(code, e.Code);
        Assert.Equal(message, e.Message);
        Assert.NotNull(e.Path);
        Assert.NotEmpty(e.Locations);
    }

    [Fact]
    public async Task Argument_coercion_at_execution_is_bad_user_input_located_at_the_argument()
    {
        // A nullable variable passed to a non-null argument passes validation only with a default; null at runtime fails coercion.
        var r = await Run("query($n: Int = 1) { echo(n: $n) }", variablesJson: """{"n":null}""");
        var e = Assert.Single(r.Errors);
        Assert.Equal(ErrorCodes.BadUserInput, e.Code);
        Assert.Equal("Argument \"n\" of non-null type \"Int!\" must not be null.", e.Message);
        Assert.Equal(new Language.SourceLocation(1, 30), Assert.Single(e.Locations));
    }

    [Fact]
    public async Task Graphql_exception_extensions_are_kept_next_to_the_code()
    {
        var json = (await Run("{ coded }")).ToJson();
        Assert.Contains("\"extensions\":{\"id\":7,\"code\":\"NOT_FOUND\"}", json);
    }

    [Fact]
    public async Task Masking_can_be_turned_off_and_unexpected_exceptions_are_observable()
    {
        var seen = new List<(Exception, GraphQLError)>();
        var masked = await Run("{ boom }", new ExecutionOptions { OnUnexpectedError = (ex, e) => seen.Add((ex, e)) });
        var (exception, sent) = Assert.Single(seen);
        Assert.IsType<InvalidOperationException>(exception);
        Assert.Same(masked.Errors[0], sent);
        Assert.DoesNotContain("Password", masked.ToJson());

        var open = Assert.Single((await Run("{ boom }", ExecutionOptions.Unmasked)).Errors);
        Assert.Equal("connection string Server=db;Password=x", open.Message);
        Assert.Equal(ErrorCodes.InternalError, open.Code);
    }
}
