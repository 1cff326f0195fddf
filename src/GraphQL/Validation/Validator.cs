using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Validation;

/// <summary>
/// Validates an executable document against a schema: the size limits of <see cref="ValidationOptions"/> first (cheap, and
/// they bound the work of the rules), then every rule of spec section 5 with graphql-js 16 message texts, then the introspection switch.
/// </summary>
public sealed partial class Validator
{
    private readonly Schema _schema;
    private readonly Document _doc;
    private readonly List<GraphQLError> _errors = [];
    private readonly Dictionary<string, FragmentDefinition> _fragments = new();
    private readonly Dictionary<string, List<VariableUsage>> _fragmentUsages = new();
    private readonly Dictionary<string, List<string>> _fragmentSpreads = new();
    private List<VariableUsage> _usages = [];
    private List<string> _spreads = [];

    private sealed record VariableUsage(VariableValue Node, GraphQLType? Type, bool HasLocationDefault);

    private readonly int _maxErrors;

    private Validator(Schema schema, Document doc, int maxErrors)
    {
        _schema = schema;
        _doc = doc;
        _maxErrors = maxErrors;
    }

    /// <summary>Validates; returns the errors (empty when valid). A document over a size limit gets only the limit errors.</summary>
    public static IReadOnlyList<GraphQLError> Validate(Schema schema, Document document, ValidationOptions? options = null)
    {
        options ??= new ValidationOptions();
        var limitErrors = new List<GraphQLError>();
        if (!Limits.CheckSize(schema, document, options, limitErrors)) return limitErrors;
        var v = new Validator(schema, document, options.MaxErrors > 0 ? options.MaxErrors : int.MaxValue);
        v.Run();
        var errors = v._errors;
        if (errors.Count == 0) Limits.CheckIntrospection(document, options, errors);
        return errors;
    }

    // Errors past the cap would be dropped anyway; not recording them keeps a document full of conflicts from growing the list without bound.
    private void Report(string message, params SourceLocation[] locations)
    {
        if (_errors.Count < _maxErrors)
            _errors.Add(new GraphQLError(message, locations, null, new Dictionary<string, object?> { ["code"] = ErrorCodes.ValidationFailed }));
    }

    private void Run()
    {
        var ops = _doc.Definitions.OfType<OperationDefinition>().ToList();
        foreach (var def in _doc.Definitions)
        {
            switch (def)
            {
                case FragmentDefinition f:
                    if (_fragments.ContainsKey(f.Name))
                        Report($"There can be only one fragment named \"{f.Name}\".", _fragments[f.Name].NameLocation, f.NameLocation);
                    else _fragments[f.Name] = f;
                    break;
                case TypeSystemDefinition t:
                    var name = t switch { TypeDefinition td => $"\"{td.Name}\"", DirectiveDefinitionNode dd => $"\"{dd.Name}\"", _ => "schema" };
                    Report($"The {name} definition is not executable.", t.Location);
                    VisitTypeSystemDirectives(t);
                    break;
            }
        }
        var opNames = new Dictionary<string, OperationDefinition>();
        foreach (var op in ops)
        {
            if (op.Name is null && ops.Count > 1) Report("This anonymous operation must be the only defined operation.", op.Location);
            if (op.Name is not null)
            {
                if (opNames.TryGetValue(op.Name, out var first))
                    Report($"There can be only one operation named \"{op.Name}\".", first.NameLocation, op.NameLocation);
                else opNames[op.Name] = op;
            }
        }
        // Fragments first, so operations can reuse their variable usages and spreads.
        foreach (var def in _doc.Definitions)
        {
            if (def is not FragmentDefinition f) continue;
            _usages = [];
            _spreads = [];
            VisitFragment(f);
            if (_fragments.GetValueOrDefault(f.Name) == f)
            {
                _fragmentUsages[f.Name] = _usages;
                _fragmentSpreads[f.Name] = _spreads;
            }
        }
        var usedFragments = new HashSet<string>();
        foreach (var op in ops)
        {
            _usages = [];
            _spreads = [];
            VisitOperation(op);
            var reachable = ReachableFragments(_spreads);
            usedFragments.UnionWith(reachable);
            var allUsages = new List<VariableUsage>(_usages);
            foreach (var fname in reachable) allUsages.AddRange(_fragmentUsages.GetValueOrDefault(fname) ?? []);
            CheckVariables(op, allUsages);
        }
        foreach (var f in _fragments.Values)
            if (!usedFragments.Contains(f.Name)) Report($"Fragment \"{f.Name}\" is never used.", f.Location);
        DetectFragmentCycles();
    }

    private List<string> ReachableFragments(List<string> spreads)
    {
        var seen = new List<string>();
        var set = new HashSet<string>();
        var stack = new Stack<string>(Enumerable.Reverse(spreads));
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (!set.Add(n) || !_fragments.ContainsKey(n)) continue;
            seen.Add(n);
            foreach (var s in Enumerable.Reverse(_fragmentSpreads.GetValueOrDefault(n) ?? [])) stack.Push(s);
        }
        return seen;
    }

    private void CheckVariables(OperationDefinition op, List<VariableUsage> usages)
    {
        var defs = new Dictionary<string, VariableDefinition>();
        foreach (var d in op.VariableDefinitions) defs.TryAdd(d.Name, d);
        foreach (var u in usages)
        {
            if (!defs.TryGetValue(u.Node.Name, out var def))
            {
                Report(op.Name is null ? $"Variable \"${u.Node.Name}\" is not defined." : $"Variable \"${u.Node.Name}\" is not defined by operation \"{op.Name}\".", u.Node.Location, op.Location);
                continue;
            }
            var varType = _schema.FromReference(def.Type);
            if (varType is null || u.Type is null) continue;
            if (!AllowedVariableUsage(varType, def.DefaultValue, u.Type, u.HasLocationDefault))
                Report($"Variable \"${u.Node.Name}\" of type \"{varType}\" used in position expecting type \"{u.Type}\".", def.Location, u.Node.Location);
        }
        var used = usages.Select(u => u.Node.Name).ToHashSet();
        foreach (var d in op.VariableDefinitions)
            if (!used.Contains(d.Name))
                Report(op.Name is null ? $"Variable \"${d.Name}\" is never used." : $"Variable \"${d.Name}\" is never used in operation \"{op.Name}\".", d.Location);
    }

    private bool AllowedVariableUsage(GraphQLType varType, Value? varDefault, GraphQLType locationType, bool hasLocationDefault)
    {
        if (locationType is NonNullType lnn && varType is not NonNullType)
        {
            var hasNonNullVariableDefault = varDefault is not null and not NullValue;
            if (!hasNonNullVariableDefault && !hasLocationDefault) return false;
            return IsTypeSubTypeOf(varType, lnn.OfType);
        }
        return IsTypeSubTypeOf(varType, locationType);
    }

    private bool IsTypeSubTypeOf(GraphQLType maybeSub, GraphQLType super)
    {
        if (super is NonNullType snn) return maybeSub is NonNullType mnn && IsTypeSubTypeOf(mnn.OfType, snn.OfType);
        if (maybeSub is NonNullType m) return IsTypeSubTypeOf(m.OfType, super);
        if (super is ListType sl) return maybeSub is ListType ml && IsTypeSubTypeOf(ml.OfType, sl.OfType);
        if (maybeSub is ListType) return false;
        var a = (NamedType)super;
        var b = (NamedType)maybeSub;
        return a == b || a is InterfaceType or UnionType && b is FieldsType && _schema.IsSubType(a, b);
    }

    private void DetectFragmentCycles()
    {
        var visited = new HashSet<string>();
        foreach (var f in _fragments.Values)
        {
            if (visited.Contains(f.Name)) continue;
            var pathIndex = new Dictionary<string, int>();
            var path = new List<FragmentSpread>();
            Detect(f);

            void Detect(FragmentDefinition frag)
            {
                if (!visited.Add(frag.Name)) return;
                var spreads = SpreadNodes(frag.SelectionSet);
                if (spreads.Count == 0) return;
                pathIndex[frag.Name] = path.Count;
                foreach (var s in spreads)
                {
                    var idx = pathIndex.GetValueOrDefault(s.Name, -1);
                    path.Add(s);
                    if (idx == -1)
                    {
                        if (_fragments.TryGetValue(s.Name, out var target)) Detect(target);
                    }
                    else
                    {
                        var cycle = path.Skip(idx).ToList();
                        var via = cycle.Take(cycle.Count - 1).Select(x => $"\"{x.Name}\"").ToList();
                        Report($"Cannot spread fragment \"{s.Name}\" within itself" + (via.Count > 0 ? " via " + string.Join(", ", via) + "." : "."),
                            cycle.Select(x => x.Location).ToArray());
                    }
                    path.RemoveAt(path.Count - 1);
                }
                pathIndex.Remove(frag.Name);
            }
        }
    }

    private static List<FragmentSpread> SpreadNodes(SelectionSet set)
    {
        var list = new List<FragmentSpread>();
        void Walk(SelectionSet s)
        {
            foreach (var sel in s.Selections)
            {
                switch (sel)
                {
                    case FragmentSpread fs: list.Add(fs); break;
                    case InlineFragment i: Walk(i.SelectionSet); break;
                    case Field { SelectionSet: { } ss }: Walk(ss); break;
                }
            }
        }
        Walk(set);
        return list;
    }

    // ---- definitions ----

    // graphql-js also checks directives used inside SDL definitions (KnownDirectives, UniqueDirectivesPerLocation).
    private void VisitTypeSystemDirectives(TypeSystemDefinition t)
    {
        void Args(IEnumerable<InputValueDefinitionNode> args, string location)
        {
            foreach (var a in args) VisitDirectives(a.Directives, location);
        }
        switch (t)
        {
            case SchemaDefinition: VisitDirectives(t.Directives, "SCHEMA"); break;
            case ScalarTypeDefinition: VisitDirectives(t.Directives, "SCALAR"); break;
            case ObjectTypeDefinition o:
                VisitDirectives(t.Directives, "OBJECT");
                foreach (var f in o.Fields) { VisitDirectives(f.Directives, "FIELD_DEFINITION"); Args(f.Arguments, "ARGUMENT_DEFINITION"); }
                break;
            case InterfaceTypeDefinition i:
                VisitDirectives(t.Directives, "INTERFACE");
                foreach (var f in i.Fields) { VisitDirectives(f.Directives, "FIELD_DEFINITION"); Args(f.Arguments, "ARGUMENT_DEFINITION"); }
                break;
            case UnionTypeDefinition: VisitDirectives(t.Directives, "UNION"); break;
            case EnumTypeDefinition e:
                VisitDirectives(t.Directives, "ENUM");
                foreach (var v in e.Values) VisitDirectives(v.Directives, "ENUM_VALUE");
                break;
            case InputObjectTypeDefinition io:
                VisitDirectives(t.Directives, "INPUT_OBJECT");
                Args(io.Fields, "INPUT_FIELD_DEFINITION");
                break;
            case DirectiveDefinitionNode d: Args(d.Arguments, "ARGUMENT_DEFINITION"); break;
        }
    }

    private void VisitOperation(OperationDefinition op)
    {
        var root = _schema.RootType(op.Operation);
        var location = op.Operation switch { OperationType.Query => "QUERY", OperationType.Mutation => "MUTATION", _ => "SUBSCRIPTION" };
        var varNames = new Dictionary<string, VariableDefinition>();
        foreach (var vd in op.VariableDefinitions)
        {
            if (varNames.TryGetValue(vd.Name, out var first))
                Report($"There can be only one variable named \"${vd.Name}\".", NameOf(first), NameOf(vd));
            else varNames[vd.Name] = vd;
            var named = _schema.GetType(vd.Type.NamedType);
            if (named is null) ReportUnknownType(vd.Type);
            else
            {
                var type = _schema.FromReference(vd.Type)!;
                if (!type.IsInputType) Report($"Variable \"${vd.Name}\" cannot be non-input type \"{vd.Type}\".", vd.Type.Location);
                else if (vd.DefaultValue is not null) VisitValue(vd.DefaultValue, type, false, true);
            }
            VisitDirectives(vd.Directives, "VARIABLE_DEFINITION");
        }
        VisitDirectives(op.Directives, location);
        if (op.Operation == OperationType.Subscription && root is not null) CheckSingleRootField(op, root);
        VisitSelectionSet(op.SelectionSet, root);
    }

    // graphql-js points at the variable's name, one column after "$".
    private static SourceLocation NameOf(VariableDefinition v) => v.Location with { Column = v.Location.Column + 1 };

    private void CheckSingleRootField(OperationDefinition op, ObjectType root)
    {
        var state = new RequestState
        {
            Schema = _schema,
            Variables = new Dictionary<string, object?>(),
            Fragments = _fragments,
        };
        Dictionary<string, List<Field>> fields;
        try { fields = Executor.CollectFields(state, root, op.SelectionSet); }
        catch (Exception) { return; }
        var prefix = op.Name is null ? "Anonymous Subscription" : $"Subscription \"{op.Name}\"";
        if (fields.Count > 1)
            Report($"{prefix} must select only one top level field.", fields.Values.Skip(1).SelectMany(x => x).Select(f => f.Location).ToArray());
        foreach (var list in fields.Values)
            if (list[0].Name.StartsWith("__", StringComparison.Ordinal))
                Report($"{prefix} must not select an introspection top level field.", list.Select(f => f.Location).ToArray());
    }

    private void VisitFragment(FragmentDefinition f)
    {
        var type = _schema.GetType(f.TypeCondition.Name);
        if (type is null) ReportUnknownType(f.TypeCondition);
        else if (type is not (FieldsType or UnionType))
            Report($"Fragment \"{f.Name}\" cannot condition on non composite type \"{f.TypeCondition.Name}\".", f.TypeCondition.Location);
        VisitDirectives(f.Directives, "FRAGMENT_DEFINITION");
        VisitSelectionSet(f.SelectionSet, type is FieldsType or UnionType ? type : null);
    }

    private void ReportUnknownType(TypeReference t)
    {
        var named = t;
        while (named is not NamedTypeReference) named = named is ListTypeReference l ? l.OfType : ((NonNullTypeReference)named).OfType;
        var name = ((NamedTypeReference)named).Name;
        var suggestions = Suggestions.Rank(name, _schema.Types.Select(x => x.Name).Where(n => !n.StartsWith("__", StringComparison.Ordinal)));
        Report($"Unknown type \"{name}\".{Suggestions.DidYouMean(suggestions)}", named.Location);
    }

    // ---- selections ----

    private void VisitSelectionSet(SelectionSet set, NamedType? parent)
    {
        if (parent is not null) CheckOverlaps(set, parent);
        foreach (var sel in set.Selections)
        {
            switch (sel)
            {
                case Field f: VisitField(f, parent); break;
                case InlineFragment i:
                    {
                        NamedType? inner = parent;
                        if (i.TypeCondition is not null)
                        {
                            inner = _schema.GetType(i.TypeCondition.Name);
                            if (inner is null) ReportUnknownType(i.TypeCondition);
                            else if (inner is not (FieldsType or UnionType))
                                Report($"Fragment cannot condition on non composite type \"{i.TypeCondition.Name}\".", i.TypeCondition.Location);
                            else if (parent is not null && !_schema.Overlap(inner, parent))
                                Report($"Fragment cannot be spread here as objects of type \"{parent.Name}\" can never be of type \"{inner.Name}\".", i.Location);
                        }
                        VisitDirectives(i.Directives, "INLINE_FRAGMENT");
                        VisitSelectionSet(i.SelectionSet, inner is FieldsType or UnionType ? inner : null);
                        break;
                    }
                case FragmentSpread s:
                    {
                        _spreads.Add(s.Name);
                        if (!_fragments.TryGetValue(s.Name, out var frag)) Report($"Unknown fragment \"{s.Name}\".", s.NameLocation);
                        else if (parent is not null && _schema.GetType(frag.TypeCondition.Name) is { } ft and (FieldsType or UnionType) && !_schema.Overlap(ft, parent))
                            Report($"Fragment \"{s.Name}\" cannot be spread here as objects of type \"{parent.Name}\" can never be of type \"{ft.Name}\".", s.Location);
                        VisitDirectives(s.Directives, "FRAGMENT_SPREAD");
                        break;
                    }
            }
        }
    }

    private void VisitField(Field f, NamedType? parent)
    {
        FieldDefinition? def = null;
        if (parent is not null)
        {
            def = _schema.GetField(parent, f.Name);
            if (def is null)
            {
                var suggestion = Suggestions.DidYouMean("to use an inline fragment on", SuggestedTypeNames(parent, f.Name));
                if (suggestion.Length == 0 && parent is FieldsType ft) suggestion = Suggestions.DidYouMean(Suggestions.Rank(f.Name, ft.Fields.Select(x => x.Name)));
                Report($"Cannot query field \"{f.Name}\" on type \"{parent.Name}\".{suggestion}", f.Location);
            }
        }
        VisitArguments(f.Arguments, def?.Arguments, def is null ? null : (name, suggestions) =>
            $"Unknown argument \"{name}\" on field \"{parent!.Name}.{f.Name}\".{suggestions}");
        if (def is not null)
        {
            foreach (var a in def.Arguments)
                if (a.Type is NonNullType && a.DefaultValue is null && f.Arguments.All(x => x.Name != a.Name))
                    Report($"Field \"{f.Name}\" argument \"{a.Name}\" of type \"{a.Type}\" is required, but it was not provided.", f.Location);
        }
        VisitDirectives(f.Directives, "FIELD");
        var named = def?.Type.Unwrap();
        if (named is not null)
        {
            if (named is ScalarType or EnumType)
            {
                if (f.SelectionSet is not null)
                    Report($"Field \"{f.Name}\" must not have a selection since type \"{def!.Type}\" has no subfields.", f.SelectionSet.Location);
            }
            else if (f.SelectionSet is null)
                Report($"Field \"{f.Name}\" of type \"{def!.Type}\" must have a selection of subfields. Did you mean \"{f.Name} {{ ... }}\"?", f.Location);
        }
        if (f.SelectionSet is not null) VisitSelectionSet(f.SelectionSet, named is FieldsType or UnionType ? named : null);
    }

    private List<string> SuggestedTypeNames(NamedType type, string fieldName)
    {
        if (type is not (InterfaceType or UnionType)) return [];
        var suggested = new List<NamedType>();
        var usage = new Dictionary<string, int>();
        foreach (var p in _schema.PossibleTypes(type))
        {
            if (p.Fields[fieldName] is null) continue;
            if (!suggested.Contains(p)) suggested.Add(p);
            usage[p.Name] = 1;
            foreach (var i in p.Interfaces)
            {
                if (i.Fields[fieldName] is null) continue;
                if (!suggested.Contains(i)) suggested.Add(i);
                usage[i.Name] = usage.GetValueOrDefault(i.Name) + 1;
            }
        }
        suggested.Sort((a, b) =>
        {
            var diff = usage[b.Name] - usage[a.Name];
            if (diff != 0) return diff;
            if (a is InterfaceType && _schema.IsSubType(a, b)) return -1;
            if (b is InterfaceType && _schema.IsSubType(b, a)) return 1;
            return string.CompareOrdinal(a.Name, b.Name);
        });
        return suggested.Select(x => x.Name).ToList();
    }

    private void VisitArguments(IReadOnlyList<Argument> args, IReadOnlyList<InputValue>? defs, Func<string, string, string>? unknownMessage)
    {
        var seen = new HashSet<string>();
        foreach (var a in args)
        {
            if (!seen.Add(a.Name)) continue;
            var same = args.Where(x => x.Name == a.Name).ToList();
            if (same.Count > 1) Report($"There can be only one argument named \"{a.Name}\".", same.Select(x => x.Location).ToArray());
        }
        foreach (var a in args)
        {
            var def = defs?.FirstOrDefault(d => d.Name == a.Name);
            if (defs is not null && def is null && unknownMessage is not null)
                Report(unknownMessage(a.Name, Suggestions.DidYouMean(Suggestions.Rank(a.Name, defs.Select(d => d.Name)))), a.Location);
            VisitValue(a.Value, def?.Type, def?.DefaultValue is not null, false);
        }
    }

    private void VisitDirectives(IReadOnlyList<Directive> directives, string location)
    {
        var seen = new Dictionary<string, Directive>();
        foreach (var d in directives)
        {
            var def = _schema.GetDirective(d.Name);
            if (def is null) Report($"Unknown directive \"@{d.Name}\".", d.Location);
            else
            {
                if (!def.Locations.Contains(location)) Report($"Directive \"@{d.Name}\" may not be used on {location}.", d.Location);
                if (!def.IsRepeatable)
                {
                    if (seen.TryGetValue(d.Name, out var first))
                        Report($"The directive \"@{d.Name}\" can only be used once at this location.", first.Location, d.Location);
                    else seen[d.Name] = d;
                }
                foreach (var a in def.Arguments)
                    if (a.Type is NonNullType && a.DefaultValue is null && d.Arguments.All(x => x.Name != a.Name))
                        Report($"Directive \"@{d.Name}\" argument \"{a.Name}\" of type \"{a.Type}\" is required, but it was not provided.", d.Location);
            }
            VisitArguments(d.Arguments, def?.Arguments, def is null ? null : (name, suggestions) =>
                $"Unknown argument \"{name}\" on directive \"@{d.Name}\".{suggestions}");
        }
    }

    // ---- values ----

    private void VisitValue(Value value, GraphQLType? type, bool hasLocationDefault, bool isConst)
    {
        switch (value)
        {
            case VariableValue v:
                _usages.Add(new VariableUsage(v, type, hasLocationDefault));
                return;
            case NullValue:
                if (type is NonNullType) Report($"Expected value of type \"{type}\", found null.", value.Location);
                return;
            case ListValue l:
                {
                    var nullable = type?.Nullable;
                    if (nullable is ListType lt)
                    {
                        foreach (var item in l.Values) VisitValue(item, lt.OfType, false, isConst);
                        return;
                    }
                    if (nullable is not null) CheckLeaf(value, nullable);
                    foreach (var item in l.Values) VisitValue(item, null, false, isConst);
                    return;
                }
            case ObjectValue o:
                {
                    var named = type?.Nullable as InputObjectType;
                    var seen = new Dictionary<string, ObjectField>();
                    foreach (var f in o.Fields)
                    {
                        if (seen.TryGetValue(f.Name, out var first))
                            Report($"There can be only one input field named \"{f.Name}\".", first.Location, f.Location);
                        else seen[f.Name] = f;
                    }
                    if (named is null)
                    {
                        if (type is not null) CheckLeaf(value, type);
                        foreach (var f in o.Fields) VisitValue(f.Value, null, false, isConst);
                        return;
                    }
                    foreach (var fd in named.Fields)
                        if (fd.Type is NonNullType && fd.DefaultValue is null && !seen.ContainsKey(fd.Name))
                            Report($"Field \"{named.Name}.{fd.Name}\" of required type \"{fd.Type}\" was not provided.", o.Location);
                    foreach (var f in o.Fields)
                    {
                        var fd = named.Field(f.Name);
                        if (fd is null)
                            Report($"Field \"{f.Name}\" is not defined by type \"{named.Name}\".{Suggestions.DidYouMean(Suggestions.Rank(f.Name, named.Fields.Select(x => x.Name)))}", f.Location);
                        VisitValue(f.Value, fd?.Type, fd?.DefaultValue is not null, isConst);
                    }
                    if (named.IsOneOf) CheckOneOf(o, named);
                    return;
                }
            default:
                if (type is not null) CheckLeaf(value, type);
                return;
        }
    }

    private void CheckOneOf(ObjectValue o, InputObjectType type)
    {
        if (o.Fields.Count != 1)
        {
            Report($"OneOf Input Object \"{type.Name}\" must specify exactly one key.", o.Location);
            return;
        }
        var f = o.Fields[0];
        if (f.Value is NullValue) Report($"Field \"{type.Name}.{f.Name}\" must be non-null.", o.Location);
    }

    private void CheckLeaf(Value value, GraphQLType type)
    {
        var named = type.Unwrap();
        var printed = Printer.Print(value);
        if (named is EnumType et)
        {
            if (value is StringValue { Text: var quoted } && et.ByName(quoted) is not null)
            {
                // graphql-js would suggest the very value the client wrote; say what is actually wrong instead.
                Report($"Enum \"{et.Name}\" cannot represent the string {printed}: enum values are written without quotes, as {quoted}.", value.Location);
                return;
            }
            if (value is not EnumValue ev)
            {
                Report($"Enum \"{et.Name}\" cannot represent non-enum value: {printed}.{Suggestions.DidYouMean("the enum value", Suggestions.Rank(printed, et.Values.Select(x => x.Name)))}", value.Location);
                return;
            }
            if (et.ByName(ev.Name) is null)
                Report($"Value \"{printed}\" does not exist in \"{et.Name}\" enum.{Suggestions.DidYouMean("the enum value", Suggestions.Rank(printed, et.Values.Select(x => x.Name)))}", value.Location);
            return;
        }
        if (named is not ScalarType st)
        {
            Report($"Expected value of type \"{type}\", found {printed}.", value.Location);
            return;
        }
        try
        {
            if (value is VariableValue) return;
            var parsed = st.ParseLiteral(value);
            if (parsed is null && value is not NullValue) Report($"Expected value of type \"{type}\", found {printed}.", value.Location);
        }
        catch (CoercionException ex)
        {
            Report(ex.Message, value.Location);
        }
        catch (Exception)
        {
            Report($"Expected value of type \"{type}\", found {printed}.", value.Location);
        }
    }
}
