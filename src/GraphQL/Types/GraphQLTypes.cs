using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Language;

namespace CircuitBreaker.GraphQL.Types;

/// <summary>Any GraphQL type: named, list or non-null.</summary>
public abstract class GraphQLType
{
    /// <summary>The named type at the core of list/non-null wrappers.</summary>
    public abstract NamedType Unwrap();
    /// <summary>True for scalars, enums, input objects (and wrappers of them).</summary>
    public bool IsInputType => Unwrap() is ScalarType or EnumType or InputObjectType;
    /// <summary>True for everything but input objects (and wrappers of them).</summary>
    public bool IsOutputType => Unwrap() is not InputObjectType;
    /// <summary>The type without a non-null wrapper.</summary>
    public GraphQLType Nullable => this is NonNullType nn ? nn.OfType : this;
}

/// <summary>A type with a name.</summary>
public abstract class NamedType(string name) : GraphQLType
{
    /// <summary>Type name.</summary>
    public string Name { get; } = name;
    /// <summary>Optional description (Markdown).</summary>
    public string? Description { get; set; }
    /// <inheritdoc />
    public override NamedType Unwrap() => this;
    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary><c>[T]</c>.</summary>
public sealed class ListType(GraphQLType ofType) : GraphQLType
{
    /// <summary>Element type.</summary>
    public GraphQLType OfType { get; } = ofType;
    /// <inheritdoc />
    public override NamedType Unwrap() => OfType.Unwrap();
    /// <inheritdoc />
    public override string ToString() => $"[{OfType}]";
}

/// <summary><c>T!</c>.</summary>
public sealed class NonNullType(GraphQLType ofType) : GraphQLType
{
    /// <summary>The nullable type wrapped.</summary>
    public GraphQLType OfType { get; } = ofType;
    /// <inheritdoc />
    public override NamedType Unwrap() => OfType.Unwrap();
    /// <inheritdoc />
    public override string ToString() => $"{OfType}!";
}

/// <summary>Raised by scalar/enum coercion with a graphql-js style message.</summary>
public sealed class CoercionException(string message) : Exception(message);

/// <summary>A leaf type with custom serialization and parsing.</summary>
public sealed class ScalarType(string name) : NamedType(name)
{
    /// <summary>Internal value → result value; throws <see cref="CoercionException"/> when impossible.</summary>
    public Func<object, object?> Serialize { get; init; } = v => v;
    /// <summary>Variable value (JSON-like .NET value) → internal value; throws <see cref="CoercionException"/>.</summary>
    public Func<object, object?> ParseValue { get; init; } = v => v;
    /// <summary>Literal → internal value (variables already substituted); throws <see cref="CoercionException"/>.</summary>
    public Func<Value, object?> ParseLiteral { get; init; } = v => ValueConverter.LiteralToPlain(v, null);
    /// <summary>Internal value → literal, used to print default values.</summary>
    public Func<object?, Value?>? ToLiteral { get; init; }
    /// <summary>The @specifiedBy URL.</summary>
    public string? SpecifiedByUrl { get; set; }
}

/// <summary>Common fields of objects and interfaces.</summary>
public abstract class FieldsType(string name) : NamedType(name)
{
    /// <summary>Fields in definition order.</summary>
    public OrderedFields Fields { get; } = new();
    /// <summary>Implemented interfaces.</summary>
    public List<InterfaceType> Interfaces { get; } = [];
    internal List<string> InterfaceNames { get; } = [];
}

/// <summary>Ordered, name-indexed field collection.</summary>
public sealed class OrderedFields : IEnumerable<FieldDefinition>
{
    private readonly List<FieldDefinition> _list = [];
    private readonly Dictionary<string, FieldDefinition> _map = new(StringComparer.Ordinal);
    /// <summary>Adds or replaces a field.</summary>
    public void Add(FieldDefinition f)
    {
        if (_map.TryGetValue(f.Name, out var old)) _list[_list.IndexOf(old)] = f; else _list.Add(f);
        _map[f.Name] = f;
    }
    /// <summary>Looks up a field by name.</summary>
    public FieldDefinition? this[string name] => _map.GetValueOrDefault(name);
    /// <summary>Number of fields.</summary>
    public int Count => _list.Count;
    /// <inheritdoc />
    public IEnumerator<FieldDefinition> GetEnumerator() => _list.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>An object type.</summary>
public sealed class ObjectType(string name) : FieldsType(name)
{
    /// <summary>Optional check used when resolving abstract types without a ResolveType.</summary>
    public Func<object, bool>? IsTypeOf { get; set; }
}

/// <summary>An interface type.</summary>
public sealed class InterfaceType(string name) : FieldsType(name)
{
    /// <summary>Picks the concrete object type name for a value; null falls back to IsTypeOf / __typename / CLR type name.</summary>
    public Func<object, string?>? ResolveType { get; set; }
}

/// <summary>A union type.</summary>
public sealed class UnionType(string name) : NamedType(name)
{
    /// <summary>Member types.</summary>
    public List<ObjectType> Types { get; } = [];
    internal List<string> TypeNames { get; } = [];
    /// <summary>Picks the concrete object type name for a value.</summary>
    public Func<object, string?>? ResolveType { get; set; }
}

/// <summary>One value of an enum type.</summary>
public sealed class EnumValueDefinition
{
    /// <summary>Name as written in GraphQL.</summary>
    public required string Name { get; init; }
    /// <summary>Internal value (defaults to the name).</summary>
    public object? Value { get; init; }
    /// <summary>Description.</summary>
    public string? Description { get; init; }
    /// <summary>Deprecation reason, if deprecated.</summary>
    public string? DeprecationReason { get; init; }
}

/// <summary>An enum type.</summary>
public sealed class EnumType(string name) : NamedType(name)
{
    /// <summary>Values in definition order.</summary>
    public List<EnumValueDefinition> Values { get; } = [];
    /// <summary>The value definition for a GraphQL name.</summary>
    public EnumValueDefinition? ByName(string name) => Values.FirstOrDefault(v => v.Name == name);
    /// <summary>The value definition for an internal value (also accepts the name as string).</summary>
    public EnumValueDefinition? ByValue(object value) =>
        Values.FirstOrDefault(v => Equals(v.Value ?? v.Name, value))
        ?? (value is string s ? ByName(s) : value is Enum e ? ByName(e.ToString()) : null);
}

/// <summary>An argument or input field.</summary>
public sealed class InputValue
{
    /// <summary>Name.</summary>
    public required string Name { get; init; }
    /// <summary>Type (set when the schema is built).</summary>
    public GraphQLType Type { get; internal set; } = null!;
    /// <summary>Type as written.</summary>
    public required TypeReference TypeRef { get; init; }
    /// <summary>Default value literal.</summary>
    public Value? DefaultValue { get; init; }
    /// <summary>Description.</summary>
    public string? Description { get; init; }
    /// <summary>Deprecation reason.</summary>
    public string? DeprecationReason { get; init; }
}

/// <summary>An input object type.</summary>
public sealed class InputObjectType(string name) : NamedType(name)
{
    /// <summary>Fields in definition order.</summary>
    public List<InputValue> Fields { get; } = [];
    /// <summary>True when marked @oneOf: exactly one field must be given.</summary>
    public bool IsOneOf { get; set; }
    /// <summary>Field by name.</summary>
    public InputValue? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

/// <summary>A field of an object or interface.</summary>
public sealed class FieldDefinition
{
    /// <summary>Name.</summary>
    public required string Name { get; init; }
    /// <summary>Type (set when the schema is built).</summary>
    public GraphQLType Type { get; internal set; } = null!;
    /// <summary>Type as written.</summary>
    public required TypeReference TypeRef { get; init; }
    /// <summary>Arguments in order.</summary>
    public List<InputValue> Arguments { get; } = [];
    /// <summary>Description.</summary>
    public string? Description { get; set; }
    /// <summary>Deprecation reason.</summary>
    public string? DeprecationReason { get; set; }
    /// <summary>Resolver; null uses the default (dictionary key or property of the same name).</summary>
    public Func<ResolveContext, ValueTask<object?>>? Resolve { get; set; }
    /// <summary>For subscription root fields: produces the source event stream.</summary>
    public Func<ResolveContext, ValueTask<IAsyncEnumerable<object?>>>? Subscribe { get; set; }
    /// <summary>Cost of this field for the complexity limit (default 1).</summary>
    public int Complexity { get; set; } = 1;
    /// <summary>Argument by name.</summary>
    public InputValue? Argument(string name) => Arguments.FirstOrDefault(a => a.Name == name);
}

/// <summary>A directive definition.</summary>
public sealed class DirectiveDefinition
{
    /// <summary>Name without @.</summary>
    public required string Name { get; init; }
    /// <summary>Description.</summary>
    public string? Description { get; init; }
    /// <summary>Arguments.</summary>
    public List<InputValue> Arguments { get; } = [];
    /// <summary>Allowed locations (e.g. FIELD, QUERY).</summary>
    public required IReadOnlyList<string> Locations { get; init; }
    /// <summary>May appear more than once per location.</summary>
    public bool IsRepeatable { get; init; }
}
