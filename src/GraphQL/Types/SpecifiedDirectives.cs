using CircuitBreaker.GraphQL.Language;

namespace CircuitBreaker.GraphQL.Types;

/// <summary>The directives every schema has: @include, @skip, @deprecated, @specifiedBy, @oneOf.</summary>
public static class SpecifiedDirectives
{
    private static InputValue Arg(string name, GraphQLType type, string typeRef, string? description, Value? defaultValue = null) =>
        new() { Name = name, Type = type, TypeRef = Parser.ParseType(typeRef), Description = description, DefaultValue = defaultValue };

    /// <summary>@include(if: Boolean!).</summary>
    public static readonly DirectiveDefinition Include = Make(new DirectiveDefinition
    {
        Name = "include", Description = "Directs the executor to include this field or fragment only when the `if` argument is true.",
        Locations = ["FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"],
    }, Arg("if", new NonNullType(BuiltInScalars.Boolean), "Boolean!", "Included when true."));

    /// <summary>@skip(if: Boolean!).</summary>
    public static readonly DirectiveDefinition Skip = Make(new DirectiveDefinition
    {
        Name = "skip", Description = "Directs the executor to skip this field or fragment when the `if` argument is true.",
        Locations = ["FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"],
    }, Arg("if", new NonNullType(BuiltInScalars.Boolean), "Boolean!", "Skipped when true."));

    /// <summary>@deprecated(reason: String).</summary>
    public static readonly DirectiveDefinition Deprecated = Make(new DirectiveDefinition
    {
        Name = "deprecated", Description = "Marks an element of a GraphQL schema as no longer supported.",
        Locations = ["FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INPUT_FIELD_DEFINITION", "ENUM_VALUE"],
    }, Arg("reason", BuiltInScalars.String, "String",
        "Explains why this element was deprecated, usually also including a suggestion for how to access supported similar data. Formatted using the Markdown syntax, as specified by [CommonMark](https://commonmark.org/).",
        new StringValue { Text = "No longer supported" }));

    /// <summary>@specifiedBy(url: String!).</summary>
    public static readonly DirectiveDefinition SpecifiedBy = Make(new DirectiveDefinition
    {
        Name = "specifiedBy", Description = "Exposes a URL that specifies the behavior of this scalar.", Locations = ["SCALAR"],
    }, Arg("url", new NonNullType(BuiltInScalars.String), "String!", "The URL that specifies the behavior of this scalar."));

    /// <summary>@oneOf on input objects.</summary>
    public static readonly DirectiveDefinition OneOf = new()
    {
        Name = "oneOf", Description = "Indicates exactly one field must be supplied and this field must not be `null`.", Locations = ["INPUT_OBJECT"],
    };

    /// <summary>All of them, in graphql-js order.</summary>
    public static IReadOnlyList<DirectiveDefinition> All { get; } = [Include, Skip, Deprecated, SpecifiedBy, OneOf];

    private static DirectiveDefinition Make(DirectiveDefinition d, InputValue arg)
    {
        d.Arguments.Add(arg);
        return d;
    }
}
