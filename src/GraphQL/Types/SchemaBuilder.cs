using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Introspection;
using CircuitBreaker.GraphQL.Language;

namespace CircuitBreaker.GraphQL.Types;

/// <summary>
/// Builds a <see cref="Schema"/> code-first (<see cref="Object"/>, <see cref="Interface"/> ...), from SDL
/// (<see cref="AddSdl"/> plus the Resolve methods), or both. Field types are written as GraphQL type references, e.g. <c>"[Droid!]!"</c>.
/// </summary>
public sealed class SchemaBuilder
{
    private readonly Dictionary<string, NamedType> _types = new(StringComparer.Ordinal);
    private readonly List<DirectiveDefinition> _directives = [];
    private readonly Dictionary<OperationType, string> _roots = new();
    private string? _description;

    /// <summary>Creates a builder.</summary>
    public SchemaBuilder() { }

    /// <summary>Starts from SDL (types and extensions).</summary>
    public static SchemaBuilder FromSdl(string sdl) => new SchemaBuilder().AddSdl(sdl);

    /// <summary>Sets the schema description.</summary>
    public SchemaBuilder Description(string description) { _description = description; return this; }

    /// <summary>Defines or extends an object type.</summary>
    public SchemaBuilder Object(string name, Action<ObjectTypeBuilder> configure)
    {
        var t = GetOrAdd(name, n => new ObjectType(n));
        configure(new ObjectTypeBuilder(t));
        return this;
    }

    /// <summary>Defines or extends an interface type.</summary>
    public SchemaBuilder Interface(string name, Action<ObjectTypeBuilder> configure, Func<object, string?>? resolveType = null)
    {
        var t = GetOrAdd(name, n => new InterfaceType(n));
        if (resolveType is not null) t.ResolveType = resolveType;
        configure(new ObjectTypeBuilder(t));
        return this;
    }

    /// <summary>Defines a union of object types.</summary>
    public SchemaBuilder Union(string name, IEnumerable<string> members, Func<object, string?>? resolveType = null, string? description = null)
    {
        var t = GetOrAdd(name, n => new UnionType(n));
        t.TypeNames.AddRange(members);
        if (resolveType is not null) t.ResolveType = resolveType;
        if (description is not null) t.Description = description;
        return this;
    }

    /// <summary>Defines an enum; values map to themselves unless given.</summary>
    public SchemaBuilder Enum(string name, Action<EnumType> configure)
    {
        configure(GetOrAdd(name, n => new EnumType(n)));
        return this;
    }

    /// <summary>Defines an enum whose values are the given names (internal value = name).</summary>
    public SchemaBuilder Enum(string name, params string[] values) =>
        Enum(name, e => e.Values.AddRange(values.Select(v => new EnumValueDefinition { Name = v })));

    /// <summary>Defines an enum from a CLR enum (values are the CLR enum members).</summary>
    public SchemaBuilder Enum<TEnum>(string? name = null) where TEnum : struct, System.Enum
    {
        var t = GetOrAdd(name ?? typeof(TEnum).Name, n => new EnumType(n));
        foreach (var v in System.Enum.GetValues<TEnum>())
            t.Values.Add(new EnumValueDefinition { Name = v.ToString().ToUpperInvariant(), Value = v });
        return this;
    }

    /// <summary>Defines an input object type.</summary>
    public SchemaBuilder Input(string name, Action<InputTypeBuilder> configure)
    {
        configure(new InputTypeBuilder(GetOrAdd(name, n => new InputObjectType(n))));
        return this;
    }

    /// <summary>Adds a custom scalar (e.g. <see cref="BuiltInScalars.Json"/>).</summary>
    public SchemaBuilder Scalar(ScalarType scalar) { _types[scalar.Name] = scalar; return this; }

    /// <summary>Adds a custom directive.</summary>
    public SchemaBuilder Directive(DirectiveDefinition directive) { _directives.Add(directive); return this; }

    /// <summary>Names the root operation types (defaults: Query, Mutation, Subscription).</summary>
    public SchemaBuilder Roots(string query, string? mutation = null, string? subscription = null)
    {
        _roots[OperationType.Query] = query;
        if (mutation is not null) _roots[OperationType.Mutation] = mutation;
        if (subscription is not null) _roots[OperationType.Subscription] = subscription;
        return this;
    }

    /// <summary>Attaches a resolver to a field defined in SDL or code.</summary>
    public SchemaBuilder Resolve(string typeName, string fieldName, Func<ResolveContext, ValueTask<object?>> resolver)
    {
        FindField(typeName, fieldName).Resolve = resolver;
        return this;
    }

    /// <summary>Attaches a synchronous resolver.</summary>
    public SchemaBuilder Resolve(string typeName, string fieldName, Func<ResolveContext, object?> resolver) =>
        Resolve(typeName, fieldName, ctx => ValueTask.FromResult(resolver(ctx)));

    /// <summary>Attaches a subscription source stream to a subscription root field.</summary>
    public SchemaBuilder Subscribe(string typeName, string fieldName, Func<ResolveContext, IAsyncEnumerable<object?>> subscribe)
    {
        FindField(typeName, fieldName).Subscribe = ctx => ValueTask.FromResult(subscribe(ctx));
        return this;
    }

    /// <summary>Sets how an interface or union picks its concrete type.</summary>
    public SchemaBuilder ResolveType(string abstractTypeName, Func<object, string?> resolveType)
    {
        switch (_types.GetValueOrDefault(abstractTypeName))
        {
            case InterfaceType i: i.ResolveType = resolveType; break;
            case UnionType u: u.ResolveType = resolveType; break;
            default: throw new SchemaException($"Type \"{abstractTypeName}\" is not an interface or union.");
        }
        return this;
    }

    /// <summary>Replaces a scalar declared in SDL with an implementation.</summary>
    public SchemaBuilder BindScalar(ScalarType implementation) => Scalar(implementation);

    private FieldDefinition FindField(string typeName, string fieldName) =>
        (_types.GetValueOrDefault(typeName) as FieldsType)?.Fields[fieldName]
        ?? throw new SchemaException($"Field \"{typeName}.{fieldName}\" is not defined.");

    private T GetOrAdd<T>(string name, Func<string, T> create) where T : NamedType
    {
        if (_types.TryGetValue(name, out var existing))
            return existing as T ?? throw new SchemaException($"Type \"{name}\" is already defined as a different kind.");
        var t = create(name);
        _types[name] = t;
        return t;
    }

    internal IReadOnlyDictionary<string, NamedType> DefinedTypes => _types;

    /// <summary>Adds SDL type definitions, directives, schema definitions and extensions.</summary>
    public SchemaBuilder AddSdl(string sdl)
    {
        var doc = Parser.Parse(sdl);
        foreach (var def in doc.Definitions)
        {
            switch (def)
            {
                case SchemaDefinition s:
                    if (s.Description is not null) _description = s.Description;
                    foreach (var (op, type) in s.OperationTypes) _roots[op] = type;
                    break;
                case ScalarTypeDefinition s:
                {
                    var t = _types.GetValueOrDefault(s.Name) as ScalarType ?? (BuiltInScalars.Specified.GetValueOrDefault(s.Name)
                        ?? (s.Name == "JSON" ? BuiltInScalars.Json : s.Name == "DateTime" ? BuiltInScalars.DateTime : new ScalarType(s.Name)));
                    if (s.Description is not null) t.Description = s.Description;
                    var url = s.Directives.FirstOrDefault(d => d.Name == "specifiedBy")?.Arguments.FirstOrDefault(a => a.Name == "url")?.Value as StringValue;
                    if (url is not null) t.SpecifiedByUrl = url.Text;
                    _types[s.Name] = t;
                    break;
                }
                case ObjectTypeDefinition o:
                {
                    var t = GetOrAdd(o.Name, n => new ObjectType(n));
                    ApplyFields(t, o.Description, o.Interfaces, o.Fields);
                    break;
                }
                case InterfaceTypeDefinition i:
                {
                    var t = GetOrAdd(i.Name, n => new InterfaceType(n));
                    ApplyFields(t, i.Description, i.Interfaces, i.Fields);
                    break;
                }
                case UnionTypeDefinition u:
                {
                    var t = GetOrAdd(u.Name, n => new UnionType(n));
                    if (u.Description is not null) t.Description = u.Description;
                    t.TypeNames.AddRange(u.Types);
                    break;
                }
                case EnumTypeDefinition e:
                {
                    var t = GetOrAdd(e.Name, n => new EnumType(n));
                    if (e.Description is not null) t.Description = e.Description;
                    foreach (var v in e.Values)
                        t.Values.Add(new EnumValueDefinition { Name = v.Name, Description = v.Description, DeprecationReason = Deprecation(v.Directives) });
                    break;
                }
                case InputObjectTypeDefinition i:
                {
                    var t = GetOrAdd(i.Name, n => new InputObjectType(n));
                    if (i.Description is not null) t.Description = i.Description;
                    if (i.Directives.Any(d => d.Name == "oneOf")) t.IsOneOf = true;
                    foreach (var f in i.Fields) t.Fields.Add(ToInputValue(f));
                    break;
                }
                case DirectiveDefinitionNode d:
                {
                    var dd = new DirectiveDefinition { Name = d.Name, Description = d.Description, Locations = d.Locations, IsRepeatable = d.Repeatable };
                    dd.Arguments.AddRange(d.Arguments.Select(ToInputValue));
                    _directives.Add(dd);
                    break;
                }
                default:
                    throw new SchemaException($"Executable definitions are not allowed in SDL (line {def.Location.Line}).");
            }
        }
        return this;
    }

    private static void ApplyFields(FieldsType t, string? description, IReadOnlyList<string> interfaces, IReadOnlyList<FieldDefinitionNode> fields)
    {
        if (description is not null) t.Description = description;
        t.InterfaceNames.AddRange(interfaces);
        foreach (var f in fields)
        {
            var fd = new FieldDefinition { Name = f.Name, TypeRef = f.Type, Description = f.Description, DeprecationReason = Deprecation(f.Directives) };
            fd.Arguments.AddRange(f.Arguments.Select(ToInputValue));
            t.Fields.Add(fd);
        }
    }

    private static InputValue ToInputValue(InputValueDefinitionNode n) => new()
    {
        Name = n.Name, TypeRef = n.Type, DefaultValue = n.DefaultValue, Description = n.Description, DeprecationReason = Deprecation(n.Directives),
    };

    private static string? Deprecation(IReadOnlyList<Directive> directives)
    {
        var d = directives.FirstOrDefault(x => x.Name == "deprecated");
        if (d is null) return null;
        return (d.Arguments.FirstOrDefault(a => a.Name == "reason")?.Value as StringValue)?.Text ?? "No longer supported";
    }

    /// <summary>Resolves all type references and produces the schema.</summary>
    /// <exception cref="SchemaException">When a referenced type is unknown or roots are missing.</exception>
    public Schema Build()
    {
        var types = new Dictionary<string, NamedType>(StringComparer.Ordinal);
        foreach (var (name, s) in BuiltInScalars.Specified) types[name] = s;
        foreach (var (name, t) in _types) types[name] = t;
        foreach (var t in IntrospectionSchema.Types) types[t.Name] = t;

        GraphQLType Resolve(TypeReference r, string where) => r switch
        {
            NonNullTypeReference nn => new NonNullType(Resolve(nn.OfType, where)),
            ListTypeReference l => new ListType(Resolve(l.OfType, where)),
            NamedTypeReference n => types.GetValueOrDefault(n.Name) ?? throw new SchemaException($"Unknown type \"{n.Name}\" referenced by {where}."),
            _ => throw new SchemaException("Bad type reference."),
        };

        foreach (var t in types.Values)
        {
            switch (t)
            {
                case FieldsType ft:
                    ft.Interfaces.Clear();
                    foreach (var iname in ft.InterfaceNames.Distinct())
                        ft.Interfaces.Add(types.GetValueOrDefault(iname) as InterfaceType ?? throw new SchemaException($"Type \"{ft.Name}\" implements unknown interface \"{iname}\"."));
                    foreach (var f in ft.Fields)
                    {
                        f.Type = Resolve(f.TypeRef, $"{ft.Name}.{f.Name}");
                        if (!f.Type.IsOutputType) throw new SchemaException($"The type of {ft.Name}.{f.Name} must be Output Type but got: {f.Type}.");
                        foreach (var a in f.Arguments)
                        {
                            a.Type = Resolve(a.TypeRef, $"{ft.Name}.{f.Name}({a.Name}:)");
                            if (!a.Type.IsInputType) throw new SchemaException($"The type of {ft.Name}.{f.Name}({a.Name}:) must be Input Type but got: {a.Type}.");
                        }
                    }
                    break;
                case UnionType u:
                    u.Types.Clear();
                    foreach (var m in u.TypeNames.Distinct())
                        u.Types.Add(types.GetValueOrDefault(m) as ObjectType ?? throw new SchemaException($"Union type {u.Name} can only include Object types, it cannot include {m}."));
                    break;
                case InputObjectType io:
                    foreach (var f in io.Fields)
                    {
                        f.Type = Resolve(f.TypeRef, $"{io.Name}.{f.Name}");
                        if (!f.Type.IsInputType) throw new SchemaException($"The type of {io.Name}.{f.Name} must be Input Type but got: {f.Type}.");
                    }
                    break;
            }
        }
        var directives = new List<DirectiveDefinition>(SpecifiedDirectives.All);
        foreach (var d in _directives)
        {
            if (directives.Any(x => x.Name == d.Name)) continue;
            foreach (var a in d.Arguments) a.Type = Resolve(a.TypeRef, $"@{d.Name}({a.Name}:)");
            directives.Add(d);
        }

        ObjectType? Root(OperationType op, string defaultName)
        {
            var name = _roots.GetValueOrDefault(op);
            if (name is null) return types.GetValueOrDefault(defaultName) as ObjectType;
            return types.GetValueOrDefault(name) as ObjectType ?? throw new SchemaException($"Root type \"{name}\" is not an object type.");
        }
        var query = Root(OperationType.Query, "Query") ?? throw new SchemaException("Query root type must be provided.");
        var schema = new Schema(types, query, Root(OperationType.Mutation, "Mutation"), Root(OperationType.Subscription, "Subscription"), directives, _description);
        var problems = SchemaValidation.Check(schema);
        if (problems.Count > 0) throw new SchemaException(string.Join("\n", problems));
        return schema;
    }
}

/// <summary>Fluent configuration of an object or interface type.</summary>
public sealed class ObjectTypeBuilder(FieldsType type)
{
    /// <summary>Sets the description.</summary>
    public ObjectTypeBuilder Description(string description) { type.Description = description; return this; }

    /// <summary>Declares implemented interfaces.</summary>
    public ObjectTypeBuilder Implements(params string[] interfaces) { type.InterfaceNames.AddRange(interfaces); return this; }

    /// <summary>Sets IsTypeOf (objects only).</summary>
    public ObjectTypeBuilder IsTypeOf(Func<object, bool> check)
    {
        if (type is ObjectType o) o.IsTypeOf = check;
        return this;
    }

    /// <summary>Adds a field with a GraphQL type reference such as <c>"[String!]"</c>.</summary>
    public ObjectTypeBuilder Field(string name, string typeRef, Action<FieldBuilder>? configure = null)
    {
        var f = new FieldDefinition { Name = name, TypeRef = Parser.ParseType(typeRef) };
        configure?.Invoke(new FieldBuilder(f));
        type.Fields.Add(f);
        return this;
    }

    /// <summary>Adds a field with an async resolver.</summary>
    public ObjectTypeBuilder Field(string name, string typeRef, Func<ResolveContext, ValueTask<object?>> resolve, string? description = null) =>
        Field(name, typeRef, f => { f.Resolve(resolve); if (description is not null) f.Description(description); });
}

/// <summary>Fluent configuration of a field.</summary>
public sealed class FieldBuilder(FieldDefinition field)
{
    /// <summary>Sets the description.</summary>
    public FieldBuilder Description(string description) { field.Description = description; return this; }
    /// <summary>Marks the field deprecated.</summary>
    public FieldBuilder Deprecated(string reason = "No longer supported") { field.DeprecationReason = reason; return this; }
    /// <summary>Sets the complexity cost.</summary>
    public FieldBuilder Complexity(int cost) { field.Complexity = cost; return this; }

    /// <summary>Adds an argument; <paramref name="defaultValue"/> is a GraphQL literal such as <c>"10"</c> or <c>"JEDI"</c>.</summary>
    public FieldBuilder Argument(string name, string typeRef, string? defaultValue = null, string? description = null)
    {
        field.Arguments.Add(new InputValue
        {
            Name = name, TypeRef = Parser.ParseType(typeRef), Description = description,
            DefaultValue = defaultValue is null ? null : Parser.ParseValue(defaultValue),
        });
        return this;
    }

    /// <summary>Sets an async resolver.</summary>
    public FieldBuilder Resolve(Func<ResolveContext, ValueTask<object?>> resolver) { field.Resolve = resolver; return this; }
    /// <summary>Sets a synchronous resolver.</summary>
    public FieldBuilder Resolve(Func<ResolveContext, object?> resolver) { field.Resolve = ctx => ValueTask.FromResult(resolver(ctx)); return this; }
    /// <summary>Sets the source stream of a subscription field.</summary>
    public FieldBuilder Subscribe(Func<ResolveContext, IAsyncEnumerable<object?>> subscribe) { field.Subscribe = ctx => ValueTask.FromResult(subscribe(ctx)); return this; }
}

/// <summary>Fluent configuration of an input object type.</summary>
public sealed class InputTypeBuilder(InputObjectType type)
{
    /// <summary>Sets the description.</summary>
    public InputTypeBuilder Description(string description) { type.Description = description; return this; }
    /// <summary>Marks the input @oneOf.</summary>
    public InputTypeBuilder OneOf() { type.IsOneOf = true; return this; }
    /// <summary>Adds a field.</summary>
    public InputTypeBuilder Field(string name, string typeRef, string? defaultValue = null, string? description = null)
    {
        type.Fields.Add(new InputValue
        {
            Name = name, TypeRef = Parser.ParseType(typeRef), Description = description,
            DefaultValue = defaultValue is null ? null : Parser.ParseValue(defaultValue),
        });
        return this;
    }
}
