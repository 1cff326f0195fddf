using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Introspection;

/// <summary>The introspection types (__Schema, __Type, ...) and the meta fields __schema, __type, __typename.</summary>
public static class IntrospectionSchema
{
    private const string Sdl = """
        type __Schema {
          description: String
          types: [__Type!]!
          queryType: __Type!
          mutationType: __Type
          subscriptionType: __Type
          directives: [__Directive!]!
        }
        type __Type {
          kind: __TypeKind!
          name: String
          description: String
          specifiedByURL: String
          fields(includeDeprecated: Boolean = false): [__Field!]
          interfaces: [__Type!]
          possibleTypes: [__Type!]
          enumValues(includeDeprecated: Boolean = false): [__EnumValue!]
          inputFields(includeDeprecated: Boolean = false): [__InputValue!]
          ofType: __Type
          isOneOf: Boolean
        }
        enum __TypeKind { SCALAR OBJECT INTERFACE UNION ENUM INPUT_OBJECT LIST NON_NULL }
        type __Field {
          name: String!
          description: String
          args(includeDeprecated: Boolean = false): [__InputValue!]!
          type: __Type!
          isDeprecated: Boolean!
          deprecationReason: String
        }
        type __InputValue {
          name: String!
          description: String
          type: __Type!
          defaultValue: String
          isDeprecated: Boolean!
          deprecationReason: String
        }
        type __EnumValue {
          name: String!
          description: String
          isDeprecated: Boolean!
          deprecationReason: String
        }
        type __Directive {
          name: String!
          description: String
          isRepeatable: Boolean!
          locations: [__DirectiveLocation!]!
          args(includeDeprecated: Boolean = false): [__InputValue!]!
        }
        enum __DirectiveLocation { QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT VARIABLE_DEFINITION SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE UNION ENUM ENUM_VALUE INPUT_OBJECT INPUT_FIELD_DEFINITION }
        """;

    /// <summary>The introspection types.</summary>
    public static IReadOnlyList<NamedType> Types { get; }
    /// <summary><c>__schema: __Schema!</c>.</summary>
    public static FieldDefinition SchemaField { get; }
    /// <summary><c>__type(name: String!): __Type</c>.</summary>
    public static FieldDefinition TypeField { get; }
    /// <summary><c>__typename: String!</c>.</summary>
    public static FieldDefinition TypeNameField { get; }

    static IntrospectionSchema()
    {
        var b = SchemaBuilder.FromSdl(Sdl);
        b.Resolve("__Schema", "description", c => ((Schema)c.Source!).Description);
        b.Resolve("__Schema", "types", c => ((Schema)c.Source!).Types.ToList());
        b.Resolve("__Schema", "queryType", c => ((Schema)c.Source!).QueryType);
        b.Resolve("__Schema", "mutationType", c => ((Schema)c.Source!).MutationType);
        b.Resolve("__Schema", "subscriptionType", c => ((Schema)c.Source!).SubscriptionType);
        b.Resolve("__Schema", "directives", c => ((Schema)c.Source!).Directives);

        b.Resolve("__Type", "kind", c => c.Source switch
        {
            ScalarType => "SCALAR", ObjectType => "OBJECT", InterfaceType => "INTERFACE", UnionType => "UNION",
            EnumType => "ENUM", InputObjectType => "INPUT_OBJECT", ListType => "LIST", _ => "NON_NULL",
        });
        b.Resolve("__Type", "name", c => (c.Source as NamedType)?.Name);
        b.Resolve("__Type", "description", c => (c.Source as NamedType)?.Description);
        b.Resolve("__Type", "specifiedByURL", c => (c.Source as ScalarType)?.SpecifiedByUrl);
        b.Resolve("__Type", "fields", c => c.Source is FieldsType f
            ? f.Fields.Where(x => c.Argument<bool>("includeDeprecated") || x.DeprecationReason is null).ToList() : null);
        b.Resolve("__Type", "interfaces", c => c.Source is FieldsType f ? f.Interfaces : null);
        b.Resolve("__Type", "possibleTypes", c => c.Source is InterfaceType or UnionType ? c.Schema.PossibleTypes((NamedType)c.Source) : null);
        b.Resolve("__Type", "enumValues", c => c.Source is EnumType e
            ? e.Values.Where(x => c.Argument<bool>("includeDeprecated") || x.DeprecationReason is null).ToList() : null);
        b.Resolve("__Type", "inputFields", c => c.Source is InputObjectType i
            ? i.Fields.Where(x => c.Argument<bool>("includeDeprecated") || x.DeprecationReason is null).ToList() : null);
        b.Resolve("__Type", "ofType", c => c.Source switch { ListType l => l.OfType, NonNullType n => n.OfType, _ => null });
        b.Resolve("__Type", "isOneOf", c => c.Source is InputObjectType i ? i.IsOneOf : null);

        b.Resolve("__Field", "args", c => ((FieldDefinition)c.Source!).Arguments.Where(x => c.Argument<bool>("includeDeprecated") || x.DeprecationReason is null).ToList());
        b.Resolve("__Field", "isDeprecated", c => ((FieldDefinition)c.Source!).DeprecationReason is not null);
        b.Resolve("__InputValue", "defaultValue", c => ((InputValue)c.Source!) is { DefaultValue: { } d } ? Printer.Print(d) : null);
        b.Resolve("__InputValue", "isDeprecated", c => ((InputValue)c.Source!).DeprecationReason is not null);
        b.Resolve("__EnumValue", "isDeprecated", c => ((EnumValueDefinition)c.Source!).DeprecationReason is not null);
        b.Resolve("__Directive", "isRepeatable", c => ((DirectiveDefinition)c.Source!).IsRepeatable);
        b.Resolve("__Directive", "locations", c => ((DirectiveDefinition)c.Source!).Locations);
        b.Resolve("__Directive", "args", c => ((DirectiveDefinition)c.Source!).Arguments.Where(x => c.Argument<bool>("includeDeprecated") || x.DeprecationReason is null).ToList());
        Types = b.DefinedTypes.Values.ToList();

        var byName = Types.ToDictionary(t => t.Name);
        SchemaField = new FieldDefinition
        {
            Name = "__schema", TypeRef = Parser.ParseType("__Schema!"), Description = "Access the current type schema of this server.",
            Type = new NonNullType(byName["__Schema"]), Resolve = c => ValueTask.FromResult<object?>(c.Schema),
        };
        TypeField = new FieldDefinition
        {
            Name = "__type", TypeRef = Parser.ParseType("__Type"), Description = "Request the type information of a single type.",
            Type = byName["__Type"], Resolve = c => ValueTask.FromResult<object?>(c.Schema.GetType(c.Argument<string>("name"))),
        };
        TypeField.Arguments.Add(new InputValue { Name = "name", TypeRef = Parser.ParseType("String!"), Type = new NonNullType(BuiltInScalars.String) });
        TypeNameField = new FieldDefinition
        {
            Name = "__typename", TypeRef = Parser.ParseType("String!"), Description = "The name of the current Object type at runtime.",
            Type = new NonNullType(BuiltInScalars.String), Resolve = c => ValueTask.FromResult<object?>(c.ParentType.Name),
        };
    }
}
