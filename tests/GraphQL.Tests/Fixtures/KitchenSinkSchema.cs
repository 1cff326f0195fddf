using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Tests.Fixtures;

/// <summary>A schema using every type-system feature, for printer/introspection round trips.</summary>
public static class KitchenSinkSchema
{
    public const string Sdl = """"
        """The kitchen sink schema"""
        schema {
          query: Root
          mutation: Mutate
        }

        "Marks something as special; may be repeated."
        directive @special(level: Int = 1, tags: [String!] = ["a", "b"]) repeatable on FIELD_DEFINITION | OBJECT | ARGUMENT_DEFINITION

        directive @cached(ttl: Int!) on FIELD | QUERY

        scalar Url @specifiedBy(url: "https://tools.ietf.org/html/rfc3986")

        scalar JSON

        """
        Something with an identity.
        Spans two lines.
        """
        interface Node {
          id: ID!
        }

        interface Resource implements Node {
          id: ID!
          url: Url
        }

        type Image implements Resource & Node @special {
          id: ID!
          url: Url
          "Width in pixels"
          width(
            "Scale factor"
            scale: Float = 1.5
            unit: Unit = PX @deprecated(reason: "always pixels")
          ): Int
          meta: JSON
          old: String @deprecated
          older: String @deprecated(reason: "Use \"newer\" instead")
        }

        type Page implements Resource & Node {
          id: ID!
          url: Url
          title(lang: String = "en", filter: Filter = {kinds: [IMAGE], limit: 10}): String!
          children(first: Int!, after: String): [Resource!]!
          matrix: [[Int]]
        }

        union SearchHit = Image | Page

        enum Unit {
          PX
          "Relative to font size"
          EM
          PT @deprecated(reason: "print only")
        }

        enum Kind { IMAGE PAGE }

        input Filter {
          kinds: [Kind!] = [PAGE]
          limit: Int = 20
          "free text"
          text: String
          legacy: Boolean @deprecated
        }

        input Lookup @oneOf {
          id: ID
          url: Url
        }

        type Root {
          node(lookup: Lookup!): Node
          search(filter: Filter): [SearchHit]
          echo(value: JSON): JSON
        }

        type Mutate {
          touch(id: ID!): Node
        }
        """";

    public static Schema Build() => SchemaBuilder.FromSdl(Sdl)
        .ResolveType("Node", _ => "Image").ResolveType("Resource", _ => "Image").ResolveType("SearchHit", _ => "Image").Build();
}
