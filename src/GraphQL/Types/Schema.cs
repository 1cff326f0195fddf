using CircuitBreaker.GraphQL.Language;

namespace CircuitBreaker.GraphQL.Types;

/// <summary>Raised when a schema definition is inconsistent (unknown types, missing query type ...).</summary>
public sealed class SchemaException(string message) : Exception(message);

/// <summary>An immutable, validated GraphQL schema. Build one with <see cref="SchemaBuilder"/>.</summary>
public sealed class Schema
{
    private readonly Dictionary<string, NamedType> _types;
    private readonly Dictionary<string, IReadOnlyList<ObjectType>> _possible = new();

    internal Schema(Dictionary<string, NamedType> types, ObjectType query, ObjectType? mutation, ObjectType? subscription,
        IReadOnlyList<DirectiveDefinition> directives, string? description)
    {
        _types = types;
        QueryType = query;
        MutationType = mutation;
        SubscriptionType = subscription;
        Directives = directives;
        Description = description;
        foreach (var t in types.Values)
        {
            if (t is UnionType u) _possible[u.Name] = u.Types;
            else if (t is InterfaceType i)
                _possible[i.Name] = types.Values.OfType<ObjectType>().Where(o => Implements(o, i)).ToList();
        }
    }

    private static bool Implements(FieldsType t, InterfaceType i) => t.Interfaces.Any(x => x == i || Implements(x, i));

    /// <summary>Schema description.</summary>
    public string? Description { get; }
    /// <summary>Root query type.</summary>
    public ObjectType QueryType { get; }
    /// <summary>Root mutation type, if any.</summary>
    public ObjectType? MutationType { get; }
    /// <summary>Root subscription type, if any.</summary>
    public ObjectType? SubscriptionType { get; }
    /// <summary>All directives (built-in and custom).</summary>
    public IReadOnlyList<DirectiveDefinition> Directives { get; }
    /// <summary>All named types, including introspection types.</summary>
    public IEnumerable<NamedType> Types => _types.Values;

    /// <summary>Type by name, or null.</summary>
    public NamedType? GetType(string name) => _types.GetValueOrDefault(name);
    /// <summary>Directive by name, or null.</summary>
    public DirectiveDefinition? GetDirective(string name) => Directives.FirstOrDefault(d => d.Name == name);

    /// <summary>Root type for an operation kind.</summary>
    public ObjectType? RootType(OperationType op) => op switch
    {
        OperationType.Query => QueryType,
        OperationType.Mutation => MutationType,
        _ => SubscriptionType,
    };

    /// <summary>Object types that an abstract type may be at runtime.</summary>
    public IReadOnlyList<ObjectType> PossibleTypes(NamedType abstractType) =>
        abstractType is ObjectType o ? [o] : _possible.GetValueOrDefault(abstractType.Name) ?? [];

    /// <summary>Whether <paramref name="maybeSub"/> is a possible type of (or implements) <paramref name="super"/>.</summary>
    public bool IsSubType(NamedType super, NamedType maybeSub)
    {
        if (super == maybeSub) return true;
        if (super is UnionType u) return maybeSub is ObjectType o && u.Types.Contains(o);
        if (super is InterfaceType i && maybeSub is FieldsType f) return Implements(f, i);
        return false;
    }

    /// <summary>Whether two composite types can share at least one concrete type.</summary>
    public bool Overlap(NamedType a, NamedType b)
    {
        if (a == b) return true;
        var pa = PossibleTypes(a);
        var pb = PossibleTypes(b);
        return pa.Any(pb.Contains);
    }

    /// <summary>A field of a type, including the meta fields __schema/__type on the query root and __typename everywhere.</summary>
    public FieldDefinition? GetField(NamedType parent, string name)
    {
        if (name.StartsWith("__", StringComparison.Ordinal))
        {
            if (name == "__typename" && parent is FieldsType or UnionType) return Introspection.IntrospectionSchema.TypeNameField;
            if (parent == QueryType && name == "__schema") return Introspection.IntrospectionSchema.SchemaField;
            if (parent == QueryType && name == "__type") return Introspection.IntrospectionSchema.TypeField;
        }
        return (parent as FieldsType)?.Fields[name];
    }

    /// <summary>Resolves a type reference to a schema type, or null when a name is unknown.</summary>
    public GraphQLType? FromReference(TypeReference r) => r switch
    {
        NonNullTypeReference nn => FromReference(nn.OfType) is { } t ? new NonNullType(t) : null,
        ListTypeReference l => FromReference(l.OfType) is { } t ? new ListType(t) : null,
        NamedTypeReference n => GetType(n.Name),
        _ => null,
    };
}
