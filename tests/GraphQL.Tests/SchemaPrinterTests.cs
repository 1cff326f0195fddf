using CircuitBreaker.GraphQL.Tests.Fixtures;
using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Tests;

public class SchemaPrinterTests
{
    [Fact]
    public void Printed_sdl_builds_back_into_a_schema_that_prints_identically()
    {
        foreach (var schema in new[] { KitchenSinkSchema.Build(), StarWarsSchema.Build() })
        {
            var printed = SchemaPrinter.Print(schema);
            var rebuilt = SchemaBuilder.FromSdl(printed)
                .ResolveType(schema.Types.OfType<InterfaceType>().FirstOrDefault()?.Name ?? "Character", _ => null);
            Assert.Equal(printed, SchemaPrinter.Print(rebuilt.Build()));
        }
    }

    [Fact]
    public void Kitchen_sink_prints_descriptions_deprecations_defaults_and_directives()
    {
        var printed = SchemaPrinter.Print(KitchenSinkSchema.Build());
        Assert.Contains("\"\"\"The kitchen sink schema\"\"\"\nschema {\n  query: Root\n  mutation: Mutate\n}", printed);
        Assert.Contains("directive @special(level: Int = 1, tags: [String!] = [\"a\", \"b\"]) repeatable on FIELD_DEFINITION | OBJECT | ARGUMENT_DEFINITION", printed);
        Assert.Contains("scalar Url @specifiedBy(url: \"https://tools.ietf.org/html/rfc3986\")", printed);
        Assert.Contains("  older: String @deprecated(reason: \"Use \\\"newer\\\" instead\")", printed);
        Assert.Contains("input Lookup @oneOf {", printed);
        Assert.Contains("  title(lang: String = \"en\", filter: Filter = {kinds: [IMAGE], limit: 10}): String!", printed);
        Assert.Contains("type Page implements Resource & Node {", printed);
    }
}
