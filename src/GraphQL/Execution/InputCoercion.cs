using System.Collections;
using System.Text.Json;
using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.GraphQL.Validation;

namespace CircuitBreaker.GraphQL.Execution;

/// <summary>Coerces literals and variable values to input types (spec 5.6 / 6.1.2 / 6.4.1), with graphql-js error texts.</summary>
public static class InputCoercion
{
    /// <summary>Marker for "could not coerce" (distinct from null).</summary>
    public static readonly object Invalid = new();

    /// <summary>Coerces a literal; returns <see cref="Invalid"/> on failure. Unset variables make optional values absent (Invalid only for non-null).</summary>
    public static object? FromLiteral(Value? lit, GraphQLType type, IReadOnlyDictionary<string, object?>? variables)
    {
        if (lit is null) return Invalid;
        if (lit is VariableValue v)
        {
            if (variables is null || !variables.TryGetValue(v.Name, out var val)) return Invalid;
            if (val is null && type is NonNullType) return Invalid;
            return val;
        }
        if (type is NonNullType nn)
            return lit is NullValue ? Invalid : FromLiteral(lit, nn.OfType, variables);
        if (lit is NullValue) return null;
        switch (type)
        {
            case ListType lt:
                if (lit is ListValue lv)
                {
                    var list = new List<object?>(lv.Values.Count);
                    foreach (var item in lv.Values)
                    {
                        if (item is VariableValue iv && (variables is null || !variables.ContainsKey(iv.Name)))
                        {
                            if (lt.OfType is NonNullType) return Invalid;
                            list.Add(null);
                            continue;
                        }
                        var c = FromLiteral(item, lt.OfType, variables);
                        if (c == Invalid) return Invalid;
                        list.Add(c);
                    }
                    return list;
                }
                var single = FromLiteral(lit, lt.OfType, variables);
                return single == Invalid ? Invalid : new List<object?> { single };
            case InputObjectType io:
                {
                    if (lit is not ObjectValue ov) return Invalid;
                    var result = new Dictionary<string, object?>();
                    var given = new Dictionary<string, Value>();
                    foreach (var f in ov.Fields)
                    {
                        if (io.Field(f.Name) is null) return Invalid;
                        given[f.Name] = f.Value;
                    }
                    foreach (var f in io.Fields)
                    {
                        if (!given.TryGetValue(f.Name, out var fv) || fv is VariableValue vv && (variables is null || !variables.ContainsKey(vv.Name)))
                        {
                            if (f.DefaultValue is not null) result[f.Name] = FromLiteral(f.DefaultValue, f.Type, null);
                            else if (f.Type is NonNullType) return Invalid;
                            continue;
                        }
                        var c = FromLiteral(fv, f.Type, variables);
                        if (c == Invalid) return Invalid;
                        result[f.Name] = c;
                    }
                    if (io.IsOneOf && (result.Count != 1 || result.Values.First() is null)) return Invalid;
                    return result;
                }
            case EnumType et:
                return lit is EnumValue ev && et.ByName(ev.Name) is { } def ? def.Value ?? def.Name : Invalid;
            case ScalarType st:
                try
                {
                    if (lit is ListValue or ObjectValue && st != BuiltInScalars.Json && st.ParseLiteral == BuiltInScalars.Json.ParseLiteral) return Invalid;
                    return st.ParseLiteral(Substitute(lit, variables));
                }
                catch (CoercionException) { return Invalid; }
                catch (FormatException) { return Invalid; }
                catch (OverflowException) { return Invalid; }
        }
        return Invalid;
    }

    private static Value Substitute(Value lit, IReadOnlyDictionary<string, object?>? variables) => lit switch
    {
        VariableValue v => ValueConverter.PlainToLiteral(variables?.GetValueOrDefault(v.Name))!,
        ListValue l => new ListValue { Values = l.Values.Select(x => Substitute(x, variables)).ToList(), Location = l.Location },
        ObjectValue o => new ObjectValue { Fields = o.Fields.Select(f => new ObjectField { Name = f.Name, Value = Substitute(f.Value, variables) }).ToList(), Location = o.Location },
        _ => lit,
    };

    /// <summary>Coerces an external (variables JSON) value; calls <paramref name="onError"/>(path, invalidValue, message) for each problem.</summary>
    public static object? FromExternal(object? value, GraphQLType type, Action<IReadOnlyList<object>, object?, string> onError, List<object>? path = null)
    {
        path ??= [];
        if (value is JsonElement je) value = ValueConverter.FromJson(je);
        if (type is NonNullType nn)
        {
            if (value is null)
            {
                onError(path.ToList(), value, $"Expected non-nullable type \"{type}\" not to be null.");
                return Invalid;
            }
            return FromExternal(value, nn.OfType, onError, path);
        }
        if (value is null) return null;
        switch (type)
        {
            case ListType lt:
                if (value is IEnumerable e and not string and not IDictionary)
                {
                    var list = new List<object?>();
                    var i = 0;
                    var failed = false;
                    foreach (var item in e)
                    {
                        path.Add(i);
                        var c = FromExternal(item, lt.OfType, onError, path);
                        path.RemoveAt(path.Count - 1);
                        if (c == Invalid) failed = true;
                        list.Add(c);
                        i++;
                    }
                    return failed ? Invalid : list;
                }
                return FromExternal(value, lt.OfType, onError, path) is var single && single == Invalid ? Invalid : new List<object?> { single };
            case InputObjectType io:
                {
                    if (value is not IDictionary<string, object?> dict)
                    {
                        onError(path.ToList(), value, $"Expected type \"{io.Name}\" to be an object.");
                        return Invalid;
                    }
                    var result = new Dictionary<string, object?>();
                    var failed = false;
                    foreach (var f in io.Fields)
                    {
                        if (!dict.TryGetValue(f.Name, out var fv))
                        {
                            if (f.DefaultValue is not null) result[f.Name] = FromLiteral(f.DefaultValue, f.Type, null);
                            else if (f.Type is NonNullType)
                            {
                                onError(path.ToList(), value, $"Field \"{f.Name}\" of required type \"{f.Type}\" was not provided.");
                                failed = true;
                            }
                            continue;
                        }
                        path.Add(f.Name);
                        var c = FromExternal(fv, f.Type, onError, path);
                        path.RemoveAt(path.Count - 1);
                        if (c == Invalid) failed = true;
                        result[f.Name] = c;
                    }
                    foreach (var key in dict.Keys)
                    {
                        if (io.Field(key) is null)
                        {
                            var suggestion = Suggestions.DidYouMean(Suggestions.Rank(key, io.Fields.Select(f => f.Name)));
                            onError(path.ToList(), value, $"Field \"{key}\" is not defined by type \"{io.Name}\".{suggestion}");
                            failed = true;
                        }
                    }
                    if (io.IsOneOf && !failed)
                    {
                        if (dict.Count != 1)
                        {
                            onError(path.ToList(), value, $"Exactly one key must be specified for OneOf type \"{io.Name}\".");
                            failed = true;
                        }
                        else if (dict.Values.First() is null)
                        {
                            // graphql-js reports the null itself, at the field's path.
                            onError([.. path, dict.Keys.First()], null, $"Field \"{dict.Keys.First()}\" must be non-null.");
                            failed = true;
                        }
                    }
                    return failed ? Invalid : result;
                }
            case EnumType et:
                {
                    if (value is not string s)
                    {
                        var shown = ValueConverter.Inspect(value);
                        onError(path.ToList(), value, $"Enum \"{et.Name}\" cannot represent non-string value: {shown}.{Suggestions.DidYouMean("the enum value", Suggestions.Rank(shown, et.Values.Select(v => v.Name)))}");
                        return Invalid;
                    }
                    var def = et.ByName(s);
                    if (def is null)
                    {
                        var suggestion = Suggestions.DidYouMean("the enum value", Suggestions.Rank(s, et.Values.Select(v => v.Name)));
                        onError(path.ToList(), value, $"Value \"{s}\" does not exist in \"{et.Name}\" enum.{suggestion}");
                        return Invalid;
                    }
                    return def.Value ?? def.Name;
                }
            case ScalarType st:
                try
                {
                    return st.ParseValue(value);
                }
                catch (CoercionException ex)
                {
                    onError(path.ToList(), value, ex.Message);
                    return Invalid;
                }
        }
        return Invalid;
    }
}
