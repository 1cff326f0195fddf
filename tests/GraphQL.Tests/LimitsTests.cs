using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Tests.Fixtures;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.GraphQL.Validation;

namespace CircuitBreaker.GraphQL.Tests;

public class LimitsTests
{
    private static async Task<ExecutionResult> Run(string query, ValidationOptions options) =>
        await new GraphQLEngine(StarWarsSchema.Build(), options).ExecuteAsync(new GraphQLRequest { Query = query });

    [Fact]
    public async Task Depth_limit_rejects_deep_operations_through_fragments()
    {
        const string q = "{ hero { friends { ...F } } } fragment F on Character { friends { friends { name } } }";
        var r = await Run(q, new ValidationOptions { MaxDepth = 4 });
        var e = Assert.Single(r.Errors);
        Assert.Equal("Operation has depth 5, which exceeds the maximum allowed depth of 4.", e.Message);
        Assert.Equal(ErrorCodes.LimitExceeded, e.Code);
        Assert.Empty((await Run(q, new ValidationOptions { MaxDepth = 5 })).Errors);
    }

    [Fact]
    public async Task Complexity_and_alias_limits_count_fields_and_aliases()
    {
        const string q = "{ a: hero { name } b: hero { name } c: hero { name } }";
        Assert.Equal("Operation has complexity 6, which exceeds the maximum allowed complexity of 5.", Assert.Single((await Run(q, new ValidationOptions { MaxComplexity = 5 })).Errors).Message);
        Assert.Equal("Operation uses 3 aliases, which exceeds the maximum allowed of 2.", Assert.Single((await Run(q, new ValidationOptions { MaxAliases = 2 })).Errors).Message);
    }

    [Fact]
    public async Task Introspection_can_be_switched_off()
    {
        var r = await Run("{ __schema { queryType { name } } }", new ValidationOptions { AllowIntrospection = false });
        Assert.Equal(new SourceLocation(1, 3), Assert.Single(r.Errors).Locations[0]);
        Assert.Empty((await Run("{ __typename }", new ValidationOptions { AllowIntrospection = false })).Errors);
    }

    [Fact]
    public async Task Token_limit_and_nesting_guard_turn_huge_documents_into_located_syntax_errors()
    {
        var wide = "{ " + string.Concat(Enumerable.Repeat("hero { name } ", 400)) + "}";
        var e = Assert.Single((await Run(wide, new ValidationOptions { MaxTokens = 1000 })).Errors);
        Assert.Equal(ErrorCodes.SyntaxError, e.Code);
        var deep = new string('[', 100_000);
        var ex = Assert.Throws<GraphQLSyntaxException>(() => Parser.Parse("{ a(x: " + deep + ") }"));
        Assert.Contains("nesting exceeds", ex.Message);
        var deepSelections = string.Concat(Enumerable.Repeat("{ a ", 50_000));
        Assert.Throws<GraphQLSyntaxException>(() => Parser.Parse(deepSelections));
    }

    /// <summary>Runs validation on a worker, so a regression to quadratic (or worse) work fails the test instead of hanging it.</summary>
    private static Task<IReadOnlyList<GraphQLError>> ValidateBounded(string query, ValidationOptions options) =>
        Task.Run(() => Validation.Validator.Validate(StarWarsSchema.Build(), Parser.Parse(query), options)).WaitAsync(TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Thousands_of_repeated_fields_are_refused_by_the_limits_before_the_overlap_rule_runs()
    {
        // 4000 identical subtrees: the overlapping-fields rule would compare 8 million pairs; complexity refuses it first.
        var doc = "{ " + string.Concat(Enumerable.Repeat("hero { name friends { name } } ", 4000)) + "}";
        var e = Assert.Single(await ValidateBounded(doc, new ValidationOptions { MaxTokens = 0 }));
        Assert.Equal(ErrorCodes.LimitExceeded, e.Code);
        Assert.Equal("Operation has complexity 16000, which exceeds the maximum allowed complexity of 1000.", e.Message);
    }

    [Fact]
    public async Task Limits_run_before_spec_rules_so_an_oversized_invalid_document_gets_only_limit_errors()
    {
        var doc = "{ " + string.Concat(Enumerable.Range(0, 200).Select(i => $"a{i}: nope ")) + "}";
        var errors = await ValidateBounded(doc, new ValidationOptions { MaxAliases = 100 });
        Assert.Equal("Operation uses 200 aliases, which exceeds the maximum allowed of 100.", Assert.Single(errors).Message);
    }

    [Fact]
    public async Task An_unused_fragment_is_bounded_on_its_own()
    {
        var doc = "{ hero { name } } fragment Big on Query { " + string.Concat(Enumerable.Repeat("hero { name } ", 3000)) + "}";
        var e = Assert.Single(await ValidateBounded(doc, new ValidationOptions { MaxTokens = 0 }));
        Assert.Equal("Fragment \"Big\" has complexity 6000, which exceeds the maximum allowed complexity of 1000.", e.Message);
    }

    [Fact]
    public async Task A_fragment_bomb_is_counted_once_per_fragment_and_saturates()
    {
        // F40 expands to 2^40 copies of F0: counting it by expansion would never finish.
        var frags = string.Concat(Enumerable.Range(1, 40).Select(i => $"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }} "));
        var doc = "{ ...F40 } fragment F0 on Query { hero { name } } " + frags;
        var e = Assert.Single(await ValidateBounded(doc, new ValidationOptions()));
        Assert.Equal($"Operation has complexity {int.MaxValue}, which exceeds the maximum allowed complexity of 1000.", e.Message);
    }

    [Fact]
    public async Task Without_limits_thousands_of_identical_leaf_fields_still_validate()
    {
        var doc = "{ hero { " + string.Concat(Enumerable.Repeat("name ", 20_000)) + "} }";
        Assert.Empty(await ValidateBounded(doc, ValidationOptions.Unlimited));
        var conflicting = "{ hero { " + string.Concat(Enumerable.Repeat("x: name x: id ", 2_000)) + "} }";
        var errors = await ValidateBounded(conflicting, new ValidationOptions { MaxTokens = 0, MaxComplexity = 0, MaxAliases = 0 });
        Assert.Equal(100, errors.Count); // capped at MaxErrors, not 4 million
        Assert.All(errors, e => Assert.StartsWith("Fields \"x\" conflict because \"name\" and \"id\" are different fields.", e.Message));
    }

    [Fact]
    public async Task The_documented_code_first_example_builds_and_runs()
    {
        var schema = new SchemaBuilder()
            .Enum("Episode", "NEWHOPE", "JEDI")
            .Interface("Character", t => t.Field("id", "ID!").Field("name", "String"))
            .Object("Human", t => t.Implements("Character").Description("A person").Field("id", "ID!").Field("name", "String"))
            .Object("Query", q => q.Field("hero", "Character", f => f
                .Argument("episode", "Episode", defaultValue: "JEDI", description: "Which film")
                .Resolve(ctx => new Dictionary<string, object?> { ["id"] = 1, ["name"] = "Luke in " + ctx.Argument<string>("episode") })))
            .ResolveType("Character", _ => "Human")
            .Build();
        var r = await new GraphQLEngine(schema).ExecuteAsync(new GraphQLRequest { Query = "{ hero { __typename id name } }" });
        Assert.Equal("""{"data":{"hero":{"__typename":"Human","id":"1","name":"Luke in JEDI"}}}""", r.ToJson());
        Assert.Contains("interface Character {\n  id: ID!\n  name: String\n}", SchemaPrinter.Print(schema));
    }
}

public class SchemaValidationTests
{
    [Theory]
    [InlineData("type Query { a: A } interface I { x: Int! } type A implements I { y: Int }", "Interface field I.x expected but A does not provide it.")]
    [InlineData("type Query { a: A } interface I { x: Int! } type A implements I { x: String }", "Interface field I.x expects type Int! but A.x is type String.")]
    [InlineData("type Query { a: A } interface I { x(n: Int): Int } type A implements I { x: Int }", "Interface field argument I.x(n:) expected but A.x does not provide it.")]
    [InlineData("type Query { a: A } interface J { x: Int } interface I implements J { x: Int } type A implements I { x: Int }", "Type A must implement J because it is implemented by I.")]
    [InlineData("type Query { e: E } enum E", "Enum type E must define one or more values.")]
    [InlineData("type Query { a: Missing }", "Unknown type \"Missing\" referenced by Query.a.")]
    public void Invalid_type_systems_are_rejected_with_graphql_js_messages(string sdl, string message)
    {
        var ex = Assert.Throws<SchemaException>(() => SchemaBuilder.FromSdl(sdl).Build());
        Assert.Contains(message, ex.Message.Split('\n'));
    }

    [Fact]
    public void Covariant_interface_fields_are_accepted()
    {
        var schema = SchemaBuilder.FromSdl("type Query { a: A } interface I { self: I list: [I] } type A implements I { self: A! list: [A!]! }").Build();
        Assert.NotNull(schema.GetType("A"));
    }
}
