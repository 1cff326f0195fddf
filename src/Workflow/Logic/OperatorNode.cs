namespace CircuitBreaker.Workflow.Logic;

internal enum Op
{
    Eq, StrictEq, NotEq, StrictNotEq, Gt, Ge, Lt, Le, Not, Truthy, And, Or, If,
    Add, Sub, Mul, Div, Mod, Min, Max, Cat, Substr, In, Merge, Missing, MissingSome,
    Map, Filter, Reduce, All, None, Some, Log,
}

/// <summary>An operator application; semantics follow json-logic-js operator by operator.</summary>
internal sealed class OperatorNode(Op op, LogicNode[] args) : LogicNode
{
    private object? Arg(int i, object? data) => i < args.Length ? args[i].Eval(data) : null;

    public override object? Eval(object? data)
    {
        switch (op)
        {
            case Op.Eq: return JsValues.Bool(JsValues.LooseEquals(Arg(0, data), Arg(1, data)));
            case Op.NotEq: return JsValues.Bool(!JsValues.LooseEquals(Arg(0, data), Arg(1, data)));
            case Op.StrictEq: return JsValues.Bool(JsValues.StrictEquals(Arg(0, data), Arg(1, data)));
            case Op.StrictNotEq: return JsValues.Bool(!JsValues.StrictEquals(Arg(0, data), Arg(1, data)));
            case Op.Gt: return JsValues.Bool(JsValues.LessThan(Arg(1, data), Arg(0, data)));
            case Op.Ge: return JsValues.Bool(JsValues.LessOrEqual(Arg(1, data), Arg(0, data)));
            case Op.Lt: return Between(data, JsValues.LessThan);
            case Op.Le: return Between(data, JsValues.LessOrEqual);
            case Op.Not: return JsValues.Bool(!JsValues.Truthy(Arg(0, data)));
            case Op.Truthy: return JsValues.Bool(JsValues.Truthy(Arg(0, data)));
            case Op.And:
            {
                object? current = null;
                foreach (var a in args) { current = a.Eval(data); if (!JsValues.Truthy(current)) return current; }
                return current;
            }
            case Op.Or:
            {
                object? current = null;
                foreach (var a in args) { current = a.Eval(data); if (JsValues.Truthy(current)) return current; }
                return current;
            }
            case Op.If:
            {
                var i = 0;
                for (; i < args.Length - 1; i += 2)
                    if (JsValues.Truthy(args[i].Eval(data))) return args[i + 1].Eval(data);
                return i == args.Length - 1 ? args[i].Eval(data) : null;
            }
            case Op.Add:
            {
                var sum = 0.0;
                foreach (var a in args) sum += JsValues.ParseFloat(a.Eval(data));
                return sum;
            }
            case Op.Mul:
            {
                if (args.Length == 0) return null;
                if (args.Length == 1) return args[0].Eval(data); // JS reduce without seed returns the lone element
                var product = JsValues.ParseFloat(args[0].Eval(data));
                for (var i = 1; i < args.Length; i++) product *= JsValues.ParseFloat(args[i].Eval(data));
                return product;
            }
            case Op.Sub:
                return args.Length < 2
                    ? -JsValues.ToNumber(Arg(0, data))
                    : JsValues.ToNumber(Arg(0, data)) - JsValues.ToNumber(Arg(1, data));
            case Op.Div: return JsValues.ToNumber(Arg(0, data)) / JsValues.ToNumber(Arg(1, data));
            case Op.Mod: return JsMod(JsValues.ToNumber(Arg(0, data)), JsValues.ToNumber(Arg(1, data)));
            case Op.Min:
            case Op.Max:
            {
                var result = op == Op.Min ? double.PositiveInfinity : double.NegativeInfinity;
                foreach (var a in args)
                {
                    var n = JsValues.ToNumber(a.Eval(data));
                    if (double.IsNaN(n)) return double.NaN;
                    result = op == Op.Min ? Math.Min(result, n) : Math.Max(result, n);
                }
                return result;
            }
            case Op.Cat:
            {
                var sb = new System.Text.StringBuilder();
                foreach (var a in args) { var v = a.Eval(data); if (v is not null) sb.Append(JsValues.ToJsString(v)); }
                return sb.ToString();
            }
            case Op.Substr: return Substr(data);
            case Op.In:
            {
                var needle = Arg(0, data);
                return Arg(1, data) switch
                {
                    string { Length: 0 } => JsValues.False, // json-logic-js: `if (!b) return false`
                    string s => JsValues.Bool(s.Contains(JsValues.ToJsString(needle), StringComparison.Ordinal)),
                    List<object?> l => JsValues.Bool(l.Exists(x => JsValues.StrictEquals(x, needle))),
                    _ => JsValues.False,
                };
            }
            case Op.Merge:
            {
                var list = new List<object?>();
                foreach (var a in args)
                {
                    var v = a.Eval(data);
                    if (v is List<object?> l) list.AddRange(l); else list.Add(v);
                }
                return list;
            }
            case Op.Missing: return Missing(args.Length > 0 && Arg(0, data) is List<object?> keys ? keys : args.Select(a => a.Eval(data)).ToList(), data);
            case Op.MissingSome:
            {
                var need = JsValues.ToNumber(Arg(0, data));
                var options = Arg(1, data) as List<object?> ?? [];
                var missing = Missing(options, data);
                return options.Count - missing.Count >= need ? new List<object?>() : missing;
            }
            case Op.Map:
            {
                if (Arg(0, data) is not List<object?> items) return new List<object?>();
                var result = new List<object?>(items.Count);
                foreach (var item in items) result.Add(Arg(1, item));
                return result;
            }
            case Op.Filter: return Filter(data);
            case Op.Reduce:
            {
                var initial = Arg(2, data);
                if (Arg(0, data) is not List<object?> items) return initial;
                var acc = initial;
                foreach (var item in items)
                    acc = Arg(1, new Dictionary<string, object?> { ["current"] = item, ["accumulator"] = acc } as IReadOnlyDictionary<string, object?>);
                return acc;
            }
            case Op.All:
            {
                var scoped = Arg(0, data);
                if (scoped is string s) return JsValues.Bool(s.Length > 0 && s.All(c => JsValues.Truthy(Arg(1, c.ToString()))));
                if (scoped is not List<object?> { Count: > 0 } items) return JsValues.False;
                foreach (var item in items) if (!JsValues.Truthy(Arg(1, item))) return JsValues.False;
                return JsValues.True;
            }
            case Op.None: return JsValues.Bool(Filter(data).Count == 0);
            case Op.Some: return JsValues.Bool(Filter(data).Count > 0);
            case Op.Log: return Arg(0, data);
            default: throw new InvalidOperationException($"operator {op} not implemented");
        }
    }

    private static double JsMod(double a, double b) => a % b;

    private object Between(object? data, Func<object?, object?, bool> cmp)
    {
        var a = Arg(0, data);
        var b = Arg(1, data);
        if (args.Length < 3) return JsValues.Bool(cmp(a, b));
        return JsValues.Bool(cmp(a, b) && cmp(b, Arg(2, data)));
    }

    private List<object?> Filter(object? data)
    {
        var result = new List<object?>();
        if (Arg(0, data) is not List<object?> items) return result;
        foreach (var item in items) if (JsValues.Truthy(Arg(1, item))) result.Add(item);
        return result;
    }

    private static List<object?> Missing(List<object?> keys, object? data)
    {
        var missing = new List<object?>();
        foreach (var key in keys)
        {
            // json-logic-js evaluates {"var": key} per key, so an array key is var's [path, default].
            var (path, fallback) = key is List<object?> l ? (l.Count > 0 ? l[0] : null, l.Count > 1 ? l[1] : null) : (key, null);
            object? value;
            if (path is null || path is string { Length: 0 }) value = data;
            else value = VarNode.Lookup(data, JsValues.ToJsString(path).Split('.'), out var found) is var v && found ? v : fallback;
            if (value is null || value is string { Length: 0 }) missing.Add(key);
        }
        return missing;
    }

    private object Substr(object? data)
    {
        var s = JsValues.ToJsString(Arg(0, data));
        var start = ToInteger(Arg(1, data));
        var length = args.Length > 2 ? Arg(2, data) : null;
        var from = start < 0 ? Math.Max(s.Length + start, 0) : Math.Min(start, s.Length);
        if (length is null) return s[from..];
        var len = ToInteger(length);
        if (len < 0)
        {
            var rest = s[from..];
            return rest[..Math.Max(rest.Length + len, 0)];
        }
        return s.Substring(from, Math.Min(len, s.Length - from));
    }

    private static int ToInteger(object? v)
    {
        var n = JsValues.ToNumber(v);
        if (double.IsNaN(n)) return 0;
        return (int)Math.Clamp(Math.Truncate(n), int.MinValue, int.MaxValue);
    }
}
