using CircuitBreaker.GraphQL.Language;

namespace CircuitBreaker.GraphQL.Tests;

public class LanguageTests
{
    [Fact]
    public void Parses_kitchen_sink_operation_and_prints_it_back_stably()
    {
        const string source = """"
            query queryName($foo: ComplexType, $site: Site = MOBILE) @onQuery {
              whoever123is: node(id: [123, 456]) {
                id,
                ... on User @onInlineFragment {
                  field2 { id, alias: field1(first: 10, after: $foo) @include(if: $foo) { id, ...frag @onFragmentSpread } }
                }
                ... @skip(unless: $foo) { id }
                ... { id }
              }
            }
            mutation likeStory { like(story: 123) @onField { story { id @onField } } }
            subscription StoryLikeSubscription($input: StoryLikeSubscribeInput @onVariableDefinition) { storyLikeSubscribe(input: $input) { story { likers { count } } } }
            fragment frag on Friend @onFragmentDefinition {
              foo(size: $size, bar: $b, obj: {key: "value", block: """
                  block string uses \"""
              """})
            }
            { unnamed(truthy: true, falsy: false, nullish: null), query }
            """";
        var doc = Parser.Parse(source);
        Assert.Equal(5, doc.Definitions.Count);
        var printed = Printer.Print(doc);
        Assert.Equal(printed, Printer.Print(Parser.Parse(printed)));
        Assert.Contains("whoever123is: node(id: [123, 456])", printed);
        var reparsed = Printer.Print(Parser.Parse(printed));
        Assert.Contains("block string uses \\\"\"\"", reparsed);
    }

    [Theory]
    [InlineData("{", 1, 2, "Syntax Error: Expected Name, found <EOF>.")]
    [InlineData("{ a(b: $) }", 1, 9, "Syntax Error: Expected Name, found \")\".")]
    [InlineData("query { a }\n  ?", 2, 3, "Syntax Error: Unexpected character: \"?\".")]
    [InlineData("{ a(b: \"x\n\") }", 1, 10, "Syntax Error: Unterminated string.")]
    [InlineData("{ a(b: 012) }", 1, 9, "Syntax Error: Invalid number, unexpected digit after 0: \"1\".")]
    [InlineData("fragment on on T { a }", 1, 10, "Syntax Error: Unexpected Name \"on\".")]
    [InlineData("{ a(b: \"\\x\") }", 1, 9, "Syntax Error: Invalid character escape sequence: \"\\x\".")]
    public void Syntax_errors_carry_message_line_and_column(string source, int line, int column, string message)
    {
        var ex = Assert.Throws<GraphQLSyntaxException>(() => Parser.Parse(source));
        Assert.Equal(message, ex.Message);
        Assert.Equal(new SourceLocation(line, column), ex.Location);
    }

    [Fact]
    public void Block_strings_strip_common_indentation_and_blank_lines()
    {
        var v = (StringValue)Parser.ParseValue("\"\"\"\n\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  \"\"\"");
        Assert.Equal("Hello,\n  World!\n\nYours,\n  GraphQL.", v.Text);
    }

    [Fact]
    public void Unicode_escapes_including_surrogate_pairs_and_braces_decode()
    {
        var v = (StringValue)Parser.ParseValue("\"\\u00e9 \\u{1F600} \\uD83D\\uDE00\"");
        Assert.Equal("é 😀 😀", v.Text);
    }

    [Fact]
    public void Parses_sdl_with_descriptions_extensions_and_directive_definitions()
    {
        var doc = Parser.Parse("""
            "Schema" schema { query: Q }
            interface A implements B & C { x: Int }
            extend type Q @k { y(a: Int = 1 @d): [String!]! }
            union U = | X | Y
            directive @k(r: String) repeatable on OBJECT | FIELD_DEFINITION
            extend schema @k
            input I @oneOf { a: Int b: String }
            enum E { A @deprecated B }
            scalar S @specifiedBy(url: "x")
            """);
        Assert.Equal(9, doc.Definitions.Count);
        Assert.Equal(["B", "C"], ((InterfaceTypeDefinition)doc.Definitions[1]).Interfaces);
        Assert.True(((ObjectTypeDefinition)doc.Definitions[2]).IsExtension);
        Assert.True(((DirectiveDefinitionNode)doc.Definitions[4]).Repeatable);
    }

    [Fact]
    public void Token_limit_aborts_parsing()
    {
        var ex = Assert.Throws<GraphQLSyntaxException>(() => Parser.Parse("{ a b c d e f }", maxTokens: 5));
        Assert.Contains("more than 5 tokens", ex.Message);
    }
}

public class SdlDocumentPrinterTests
{
    [Fact]
    public void Sdl_documents_print_and_reparse_to_the_same_text()
    {
        var doc = Parser.Parse(CircuitBreaker.GraphQL.Tests.Fixtures.KitchenSinkSchema.Sdl + "\nextend type Root @special { extra(\"d\" a: Int = 1): [Int!] }\nextend union SearchHit = Page");
        var printed = Printer.Print(doc);
        Assert.Equal(printed, Printer.Print(Parser.Parse(printed)));
        Assert.Contains("extend type Root @special {\n  extra(\n    \"\"\"d\"\"\"\n    a: Int = 1\n  ): [Int!]\n}", printed);
        Assert.Contains("union SearchHit = Image | Page", printed);
    }
}
