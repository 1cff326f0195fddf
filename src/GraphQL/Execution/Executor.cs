using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Execution;

/// <summary>Inputs of one execution.</summary>
public sealed class ExecutionRequest
{
    /// <summary>The parsed (and validated) document.</summary>
    public required Document Document { get; init; }
    /// <summary>Which operation to run; optional when the document has one.</summary>
    public string? OperationName { get; init; }
    /// <summary>Raw variable values (plain values or JsonElement).</summary>
    public IReadOnlyDictionary<string, object?>? Variables { get; init; }
    /// <summary>Value of the root object.</summary>
    public object? RootValue { get; init; }
    /// <summary>Arbitrary per-request context.</summary>
    public object? UserContext { get; init; }
    /// <summary>Services for resolvers.</summary>
    public IServiceProvider? Services { get; init; }
    /// <summary>Error reporting options; null means <see cref="ExecutionOptions.Default"/> (unexpected messages masked).</summary>
    public ExecutionOptions? Options { get; init; }
}

/// <summary>Executes validated documents (spec section 6): queries concurrently, mutations serially, subscriptions as streams.</summary>
public static class Executor
{
    private sealed class PropagateNull : Exception;

    /// <summary>Executes a query or mutation.</summary>
    public static async Task<ExecutionResult> ExecuteAsync(Schema schema, ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        var prep = Prepare(schema, request, cancellationToken, out var error);
        if (prep is null) return error!;
        var (state, op, root) = prep.Value;
        var data = await ExecuteRootAsync(state, op, root, request.RootValue).ConfigureAwait(false);
        return new ExecutionResult { Data = data, HasData = true, Errors = Sorted(state.Errors) };
    }

    private static List<GraphQLError> Sorted(List<GraphQLError> errors) => errors;

    private static async Task<IDictionary<string, object?>?> ExecuteRootAsync(RequestState state, OperationDefinition op, ObjectType root, object? rootValue)
    {
        var fields = CollectFields(state, root, op.SelectionSet);
        try
        {
            ValueTask<IDictionary<string, object?>> pending;
            state.Enter();
            try
            {
                pending = op.Operation == OperationType.Mutation
                    ? ExecuteFieldsSerially(state, root, rootValue, fields, ImmutablePath.Empty)
                    : ExecuteFields(state, root, rootValue, fields, ImmutablePath.Empty);
            }
            finally
            {
                // Everything that could run synchronously has run: flush the loads it queued as one batch per loader.
                state.Exit();
            }
            return await pending.ConfigureAwait(false);
        }
        catch (PropagateNull)
        {
            return null;
        }
    }

    /// <summary>Resolves the operation, coerces variables and finds the root type; returns null with an error result on failure.</summary>
    private static (RequestState, OperationDefinition, ObjectType)? Prepare(Schema schema, ExecutionRequest request, CancellationToken ct, out ExecutionResult? error)
    {
        error = null;
        var ops = request.Document.Definitions.OfType<OperationDefinition>().ToList();
        OperationDefinition? op;
        if (request.OperationName is null)
        {
            if (ops.Count != 1)
            {
                error = Fail(ops.Count == 0 ? "Must provide an operation." : "Must provide operation name if query contains multiple operations.", ErrorCodes.OperationResolution);
                return null;
            }
            op = ops[0];
        }
        else
        {
            op = ops.FirstOrDefault(o => o.Name == request.OperationName);
            if (op is null)
            {
                error = Fail($"Unknown operation named \"{request.OperationName}\".", ErrorCodes.OperationResolution);
                return null;
            }
        }
        var root = schema.RootType(op.Operation);
        if (root is null)
        {
            error = Fail($"Schema is not configured to execute {op.Operation.ToString().ToLowerInvariant()} operation.", ErrorCodes.OperationResolution, [op.Location]);
            return null;
        }
        var varErrors = new List<GraphQLError>();
        var variables = CoerceVariables(schema, op, request.Variables ?? new Dictionary<string, object?>(), varErrors);
        if (varErrors.Count > 0)
        {
            error = new ExecutionResult { Errors = varErrors };
            return null;
        }
        var state = new RequestState
        {
            Schema = schema,
            Variables = variables,
            UserContext = request.UserContext,
            Services = request.Services,
            CancellationToken = ct,
            Options = request.Options ?? ExecutionOptions.Default,
            Fragments = request.Document.Definitions.OfType<FragmentDefinition>().GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First()),
        };
        return (state, op, root);
    }

    private static ExecutionResult Fail(string message, string code, IReadOnlyList<SourceLocation>? locations = null) =>
        new() { Errors = [GraphQLError.WithCode(message, code, locations)] };

    /// <summary>Coerces raw variable values against the operation's definitions (spec CoerceVariableValues).</summary>
    public static IReadOnlyDictionary<string, object?> CoerceVariables(Schema schema, OperationDefinition op, IReadOnlyDictionary<string, object?> raw, List<GraphQLError> errors)
    {
        var result = new Dictionary<string, object?>();
        foreach (var def in op.VariableDefinitions)
        {
            var type = schema.FromReference(def.Type);
            if (type is null || !type.IsInputType)
            {
                errors.Add(GraphQLError.WithCode($"Variable \"${def.Name}\" expected value of type \"{def.Type}\" which cannot be used as an input type.", ErrorCodes.BadUserInput, [def.Location]));
                continue;
            }
            if (!raw.TryGetValue(def.Name, out var value))
            {
                if (def.DefaultValue is not null) result[def.Name] = InputCoercion.FromLiteral(def.DefaultValue, type, null);
                else if (type is NonNullType)
                    errors.Add(GraphQLError.WithCode($"Variable \"${def.Name}\" of required type \"{def.Type}\" was not provided.", ErrorCodes.BadUserInput, [def.Location]));
                continue;
            }
            if (value is JsonElement { ValueKind: JsonValueKind.Null }) value = null;
            if (value is null && type is NonNullType)
            {
                errors.Add(GraphQLError.WithCode($"Variable \"${def.Name}\" of non-null type \"{def.Type}\" must not be null.", ErrorCodes.BadUserInput, [def.Location]));
                continue;
            }
            var coerced = InputCoercion.FromExternal(value, type, (path, invalid, message) =>
            {
                var at = path.Count == 0 ? "" : " at \"" + def.Name + string.Concat(path.Select(p => p is int i ? $"[{i}]" : "." + p)) + "\"";
                errors.Add(GraphQLError.WithCode($"Variable \"${def.Name}\" got invalid value {ValueConverter.Inspect(invalid)}{at}; {message}", ErrorCodes.BadUserInput, [def.Location]));
            });
            if (coerced != InputCoercion.Invalid) result[def.Name] = coerced;
        }
        return result;
    }

    /// <summary>Coerces field or directive arguments (spec CoerceArgumentValues).</summary>
    internal static Dictionary<string, object?> CoerceArguments(IReadOnlyList<InputValue> defs, IReadOnlyList<Argument> given, IReadOnlyDictionary<string, object?> variables, SourceLocation where)
    {
        var result = new Dictionary<string, object?>();
        foreach (var def in defs)
        {
            Argument? arg = null;
            foreach (var a in given) if (a.Name == def.Name) { arg = a; break; }
            var hasValue = arg is not null;
            if (arg?.Value is VariableValue v && !variables.ContainsKey(v.Name)) hasValue = false;
            if (!hasValue)
            {
                if (def.DefaultValue is not null) result[def.Name] = InputCoercion.FromLiteral(def.DefaultValue, def.Type, null);
                else if (def.Type is NonNullType)
                    throw new LocatedException(arg is null
                        ? $"Argument \"{def.Name}\" of required type \"{def.Type}\" was not provided."
                        : $"Argument \"{def.Name}\" of required type \"{def.Type}\" was provided the variable \"${((VariableValue)arg.Value).Name}\" which was not provided a runtime value.",
                        arg?.Value.Location ?? where);
                continue;
            }
            if (arg!.Value is VariableValue vv && variables[vv.Name] is null && def.Type is NonNullType)
                throw new LocatedException($"Argument \"{def.Name}\" of non-null type \"{def.Type}\" must not be null.", arg.Value.Location);
            var coerced = InputCoercion.FromLiteral(arg.Value, def.Type, variables);
            if (coerced == InputCoercion.Invalid)
                throw new LocatedException($"Argument \"{def.Name}\" has invalid value {Printer.Print(arg.Value)}.", arg.Value.Location);
            result[def.Name] = coerced;
        }
        return result;
    }

    /// <summary>An error tied to a source location (argument coercion).</summary>
    internal sealed class LocatedException(string message, SourceLocation location) : Exception(message)
    {
        public SourceLocation Location { get; } = location;
    }

    // ---- field collection ----

    internal static Dictionary<string, List<Field>> CollectFields(RequestState state, ObjectType type, SelectionSet set)
    {
        var fields = new Dictionary<string, List<Field>>();
        CollectFields(state, type, set, fields, null);
        return fields;
    }

    private static void CollectFields(RequestState state, ObjectType type, SelectionSet set, Dictionary<string, List<Field>> fields, HashSet<string>? visited)
    {
        foreach (var sel in set.Selections)
        {
            if (!ShouldInclude(state, sel.Directives)) continue;
            switch (sel)
            {
                case Field f:
                    if (fields.TryGetValue(f.ResponseKey, out var list)) list.Add(f);
                    else fields[f.ResponseKey] = [f];
                    break;
                case InlineFragment i:
                    if (i.TypeCondition is not null && !Applies(state.Schema, i.TypeCondition.Name, type)) continue;
                    CollectFields(state, type, i.SelectionSet, fields, visited);
                    break;
                case FragmentSpread s:
                    visited ??= [];
                    if (!visited.Add(s.Name)) continue;
                    if (!state.Fragments.TryGetValue(s.Name, out var frag)) continue;
                    if (!Applies(state.Schema, frag.TypeCondition.Name, type)) continue;
                    CollectFields(state, type, frag.SelectionSet, fields, visited);
                    break;
            }
        }
    }

    private static bool Applies(Schema schema, string condition, ObjectType type)
    {
        var t = schema.GetType(condition);
        return t is not null && schema.IsSubType(t, type);
    }

    private static bool ShouldInclude(RequestState state, IReadOnlyList<Directive> directives)
    {
        if (directives.Count == 0) return true;
        foreach (var d in directives)
        {
            if (d.Name is not ("skip" or "include")) continue;
            var def = d.Name == "skip" ? SpecifiedDirectives.Skip : SpecifiedDirectives.Include;
            var args = CoerceArguments(def.Arguments, d.Arguments, state.Variables, d.Location);
            var flag = args.GetValueOrDefault("if") is true;
            if (d.Name == "skip" && flag) return false;
            if (d.Name == "include" && !flag) return false;
        }
        return true;
    }

    // ---- execution ----

    private static async ValueTask<IDictionary<string, object?>> ExecuteFields(RequestState state, ObjectType type, object? source, Dictionary<string, List<Field>> fields, ImmutablePath path)
    {
        var keys = new string[fields.Count];
        var tasks = new ValueTask<(bool Include, object? Value)>[fields.Count];
        var n = 0;
        foreach (var (key, nodes) in fields)
        {
            keys[n] = key;
            tasks[n] = ExecuteField(state, type, source, nodes, path.Append(key));
            n++;
        }
        var result = new OrderedDictionary<string, object?>(n);
        PropagateNull? propagate = null;
        for (var i = 0; i < n; i++)
        {
            try
            {
                var (include, value) = await tasks[i].ConfigureAwait(false);
                if (include) result[keys[i]] = value;
            }
            catch (PropagateNull p) { propagate = p; }
        }
        if (propagate is not null) throw propagate;
        return result;
    }

    private static async ValueTask<IDictionary<string, object?>> ExecuteFieldsSerially(RequestState state, ObjectType type, object? source, Dictionary<string, List<Field>> fields, ImmutablePath path)
    {
        var result = new OrderedDictionary<string, object?>();
        foreach (var (key, nodes) in fields)
        {
            var (include, value) = await ExecuteField(state, type, source, nodes, path.Append(key)).ConfigureAwait(false);
            if (include) result[key] = value;
        }
        return result;
    }

    private static async ValueTask<(bool, object?)> ExecuteField(RequestState state, ObjectType type, object? source, List<Field> nodes, ImmutablePath path)
    {
        var node = nodes[0];
        if (node.Name == "__typename") return (true, type.Name);
        var def = state.Schema.GetField(type, node.Name);
        if (def is null) return (false, null);
        if (source is SubscriptionEvent se)
        {
            source = se.Payload;
            if (def.Resolve is null)
            {
                try { return (true, await CompleteValue(state, def.Type, type, def, nodes, source, path).ConfigureAwait(false)); }
                catch (Exception ex) { return (true, HandleError(state, ex, def.Type, nodes, path)); }
            }
        }
        try
        {
            var args = def.Arguments.Count == 0 && node.Arguments.Count == 0
                ? EmptyArgs
                : CoerceArguments(def.Arguments, node.Arguments, state.Variables, node.Location);
            object? value;
            if (def.Resolve is not null)
            {
                var ctx = new ResolveContext(state)
                {
                    Source = source,
                    Arguments = args,
                    FieldDefinition = def,
                    ParentType = type,
                    FieldNodes = nodes,
                    Path = path.ToList(),
                };
                var vt = def.Resolve(ctx);
                value = vt.IsCompletedSuccessfully ? vt.Result : await vt.ConfigureAwait(false);
            }
            else value = DefaultResolve(source, def.Name);
            var completed = CompleteValue(state, def.Type, type, def, nodes, value, path);
            return (true, completed.IsCompletedSuccessfully ? completed.Result : await completed.ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            return (true, HandleError(state, ex, def.Type, nodes, path));
        }
    }

    private static readonly Dictionary<string, object?> EmptyArgs = new();

    private static object? HandleError(RequestState state, Exception ex, GraphQLType type, List<Field> nodes, ImmutablePath path)
    {
        if (ex is PropagateNull)
        {
            if (type is NonNullType) throw ex;
            return null;
        }
        state.AddError(ToError(state.Options, ex, nodes, path));
        if (type is NonNullType) throw new PropagateNull();
        return null;
    }

    /// <summary>
    /// Every field error gets an <c>extensions.code</c>: a <see cref="GraphQLException"/> its own, engine errors theirs
    /// (argument coercion, non-null, result coercion), anything else <see cref="ErrorCodes.InternalError"/> with its
    /// message masked unless <see cref="ExecutionOptions.MaskUnexpectedErrors"/> is off.
    /// </summary>
    private static GraphQLError ToError(ExecutionOptions options, Exception ex, List<Field> nodes, ImmutablePath path)
    {
        if (ex is AggregateException { InnerExceptions.Count: 1 } agg) ex = agg.InnerExceptions[0];
        if (ex is TargetInvocationException { InnerException: { } inner }) ex = inner;
        var locations = ex is LocatedException le ? new[] { le.Location } : nodes.Select(n => n.Location).ToArray();
        switch (ex)
        {
            case GraphQLException g:
                return new GraphQLError(g.Message, locations, path.ToList(), g.Extensions is null
                    ? new Dictionary<string, object?> { ["code"] = g.Code }
                    : new Dictionary<string, object?>(g.Extensions) { ["code"] = g.Code });
            case LocatedException:
                return GraphQLError.WithCode(ex.Message, ErrorCodes.BadUserInput, locations, path.ToList());
            case FieldResultException fr:
                return GraphQLError.WithCode(ex.Message, fr.Code, locations, path.ToList());
        }
        var error = GraphQLError.WithCode(options.MaskUnexpectedErrors ? ExecutionOptions.MaskedMessage : ex.Message, ErrorCodes.InternalError, locations, path.ToList());
        options.OnUnexpectedError?.Invoke(ex, error);
        return error;
    }

    /// <summary>The value a field returns when it has no resolver: a dictionary entry or a property of the same name.</summary>
    public static object? DefaultResolve(object? source, string name)
    {
        switch (source)
        {
            case null: return null;
            case IDictionary<string, object?> d: return d.TryGetValue(name, out var v) ? v : null;
            case IReadOnlyDictionary<string, object?> rd: return rd.TryGetValue(name, out var rv) ? rv : null;
            case IDictionary nd: return nd.Contains(name) ? nd[name] : null;
            case JsonElement { ValueKind: JsonValueKind.Object } je: return je.TryGetProperty(name, out var p) ? ValueConverter.FromJson(p) : null;
        }
        var getter = Getters.GetOrAdd((source.GetType(), name), static key =>
        {
            var prop = key.Type.GetProperty(key.Name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (prop is not null) return o => prop.GetValue(o);
            var field = key.Type.GetField(key.Name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            return field is null ? null : o => field.GetValue(o);
        });
        return getter?.Invoke(source);
    }

    private static readonly ConcurrentDictionary<(Type Type, string Name), Func<object, object?>?> Getters = new();

    /// <summary>A resolved value the engine cannot complete: its message is the engine's own, so it is never masked.</summary>
    private sealed class FieldResultException(string message, string code = ErrorCodes.ResultCoercion) : Exception(message)
    {
        public string Code { get; } = code;
    }

    private static async ValueTask<object?> CompleteValue(RequestState state, GraphQLType type, ObjectType parent, FieldDefinition def, List<Field> nodes, object? value, ImmutablePath path)
    {
        if (value is Task task) value = await AwaitBoxed(task).ConfigureAwait(false);
        if (type is NonNullType nn)
        {
            var inner = CompleteValue(state, nn.OfType, parent, def, nodes, value, path);
            var r = inner.IsCompletedSuccessfully ? inner.Result : await inner.ConfigureAwait(false);
            if (r is null) throw new FieldResultException($"Cannot return null for non-nullable field {parent.Name}.{def.Name}.", ErrorCodes.NonNullViolation);
            return r;
        }
        if (value is null || value is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }) return null;
        if (value is Exception ex) throw ex;
        switch (type)
        {
            case ListType lt:
                {
                    if (value is JsonElement { ValueKind: JsonValueKind.Array } ja) value = ValueConverter.FromJson(ja);
                    if (value is not IEnumerable items || value is string || value is IDictionary)
                        throw new FieldResultException($"Expected Iterable, but did not find one for field \"{parent.Name}.{def.Name}\".");
                    var pending = new List<ValueTask<object?>>();
                    var i = 0;
                    foreach (var item in items)
                    {
                        pending.Add(CompleteItem(state, lt.OfType, parent, def, nodes, item, path.Append(i)));
                        i++;
                    }
                    var list = new List<object?>(pending.Count);
                    PropagateNull? propagate = null;
                    foreach (var p in pending)
                    {
                        try { list.Add(p.IsCompletedSuccessfully ? p.Result : await p.ConfigureAwait(false)); }
                        catch (PropagateNull e) { propagate = e; }
                    }
                    if (propagate is not null) throw propagate;
                    return list;
                }
            case ScalarType st:
                {
                    object? s;
                    try { s = st.Serialize(value is JsonElement je ? ValueConverter.FromJson(je)! : value); }
                    catch (CoercionException ce) { throw new FieldResultException(ce.Message); }
                    if (s is null) throw new FieldResultException($"Expected `{st.Name}.serialize({ValueConverter.Inspect(value)})` to return non-nullable value, returned: null");
                    return s;
                }
            case EnumType et:
                {
                    var ev = et.ByValue(value is JsonElement je ? ValueConverter.FromJson(je)! : value);
                    if (ev is null) throw new FieldResultException($"Enum \"{et.Name}\" cannot represent value: {ValueConverter.Inspect(value)}");
                    return ev.Name;
                }
            case ObjectType ot:
                if (ot.IsTypeOf is not null && !ot.IsTypeOf(value))
                    throw new FieldResultException($"Expected value of type \"{ot.Name}\" but got: {ValueConverter.Inspect(value)}.");
                return await CompleteObject(state, ot, nodes, value, path).ConfigureAwait(false);
            case InterfaceType or UnionType:
                {
                    var concrete = ResolveAbstract(state.Schema, (NamedType)type, value, parent, def);
                    return await CompleteObject(state, concrete, nodes, value, path).ConfigureAwait(false);
                }
        }
        throw new FieldResultException($"Cannot complete value of unexpected type \"{type}\".");
    }

    private static async ValueTask<object?> CompleteItem(RequestState state, GraphQLType itemType, ObjectType parent, FieldDefinition def, List<Field> nodes, object? item, ImmutablePath path)
    {
        try
        {
            var vt = CompleteValue(state, itemType, parent, def, nodes, item, path);
            return vt.IsCompletedSuccessfully ? vt.Result : await vt.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return HandleError(state, ex, itemType, nodes, path);
        }
    }

    private static async Task<object?> AwaitBoxed(Task task)
    {
        await task.ConfigureAwait(false);
        var prop = task.GetType().GetProperty("Result");
        return prop?.GetValue(task);
    }

    private static ObjectType ResolveAbstract(Schema schema, NamedType abstractType, object value, ObjectType parent, FieldDefinition def)
    {
        string? name = abstractType switch
        {
            InterfaceType { ResolveType: { } r } => r(value),
            UnionType { ResolveType: { } r } => r(value),
            _ => null,
        };
        var possible = schema.PossibleTypes(abstractType);
        if (name is null)
        {
            name = DefaultResolve(value, "__typename") as string;
            name ??= possible.FirstOrDefault(p => p.IsTypeOf?.Invoke(value) == true)?.Name;
            name ??= possible.FirstOrDefault(p => p.Name == value.GetType().Name)?.Name;
        }
        if (name is null)
            throw new FieldResultException($"Abstract type \"{abstractType.Name}\" must resolve to an Object type at runtime for field \"{parent.Name}.{def.Name}\". Either the \"{abstractType.Name}\" type should provide a \"resolveType\" function or each possible type should provide an \"isTypeOf\" function.");
        var t = schema.GetType(name);
        if (t is null)
            throw new FieldResultException($"Abstract type \"{abstractType.Name}\" was resolved to a type \"{name}\" that does not exist inside the schema.");
        if (t is not ObjectType ot)
            throw new FieldResultException($"Abstract type \"{abstractType.Name}\" was resolved to a non-object type \"{name}\".");
        if (!possible.Contains(ot))
            throw new FieldResultException($"Runtime Object type \"{name}\" is not a possible type for \"{abstractType.Name}\".");
        return ot;
    }

    private static ValueTask<IDictionary<string, object?>> CompleteObject(RequestState state, ObjectType type, List<Field> nodes, object value, ImmutablePath path)
    {
        Dictionary<string, List<Field>> sub;
        if (nodes.Count == 1 && nodes[0].SelectionSet is { } single) sub = CollectFields(state, type, single);
        else
        {
            sub = new Dictionary<string, List<Field>>();
            foreach (var n in nodes)
                if (n.SelectionSet is not null) CollectFields(state, type, n.SelectionSet, sub, null);
        }
        return ExecuteFields(state, type, value, sub, path);
    }

    // ---- subscriptions ----

    /// <summary>
    /// Starts a subscription: returns either an error result (<c>Stream</c> null) or a response stream that yields one result per source event
    /// and stops when <paramref name="cancellationToken"/> is cancelled or the source ends.
    /// </summary>
    public static async Task<(ExecutionResult? Error, IAsyncEnumerable<ExecutionResult>? Stream)> SubscribeAsync(Schema schema, ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        var prep = Prepare(schema, request, cancellationToken, out var error);
        if (prep is null) return (error, null);
        var (state, op, root) = prep.Value;
        var fields = CollectFields(state, root, op.SelectionSet);
        var (key, nodes) = fields.First();
        var def = root.Fields[nodes[0].Name];
        if (def is null)
            return (new ExecutionResult { Errors = [GraphQLError.WithCode($"The subscription field \"{nodes[0].Name}\" is not defined.", ErrorCodes.OperationResolution, [nodes[0].Location])] }, null);
        IAsyncEnumerable<object?> source;
        try
        {
            var args = CoerceArguments(def.Arguments, nodes[0].Arguments, state.Variables, nodes[0].Location);
            var ctx = new ResolveContext(state) { Source = request.RootValue, Arguments = args, FieldDefinition = def, ParentType = root, FieldNodes = nodes, Path = [key] };
            if (def.Subscribe is null) throw new GraphQLException($"Subscription field \"{def.Name}\" has no source stream.");
            source = await def.Subscribe(ctx).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return (new ExecutionResult { Errors = [ToError(state.Options, ex, nodes, ImmutablePath.Empty.Append(key))] }, null);
        }
        return (null, MapEvents(schema, request, op, root, source, cancellationToken));
    }

    private static async IAsyncEnumerable<ExecutionResult> MapEvents(Schema schema, ExecutionRequest request, OperationDefinition op, ObjectType root,
        IAsyncEnumerable<object?> source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var ev in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var state = new RequestState
            {
                Schema = schema,
                Variables = CoerceVariables(schema, op, request.Variables ?? new Dictionary<string, object?>(), []),
                UserContext = request.UserContext,
                Services = request.Services,
                CancellationToken = cancellationToken,
                Options = request.Options ?? ExecutionOptions.Default,
                Fragments = request.Document.Definitions.OfType<FragmentDefinition>().GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First()),
            };
            var data = await ExecuteRootAsync(state, op, root, new SubscriptionEvent(ev)).ConfigureAwait(false);
            yield return new ExecutionResult { Data = data, HasData = true, Errors = state.Errors };
        }
    }
}

/// <summary>Root value while executing a subscription event: root fields without a resolver resolve to the event itself.</summary>
public sealed record SubscriptionEvent(object? Payload);

/// <summary>A persistent linked path (cheap to extend per field).</summary>
internal sealed class ImmutablePath
{
    public static readonly ImmutablePath Empty = new(null, null!);
    private readonly ImmutablePath? _parent;
    private readonly object _segment;
    private readonly int _depth;
    private ImmutablePath(ImmutablePath? parent, object segment)
    {
        _parent = parent;
        _segment = segment;
        _depth = parent is null ? 0 : parent._depth + 1;
    }
    public ImmutablePath Append(object segment) => new(this, segment);
    public List<object> ToList()
    {
        var list = new object[_depth];
        var p = this;
        for (var i = _depth - 1; i >= 0; i--) { list[i] = p!._segment; p = p._parent; }
        return [.. list];
    }
}
