using System.Text.Json.Nodes;

namespace CircuitBreaker.Workflow.Logic;

/// <summary>A node of a compiled JSON Logic tree; <c>data</c> is the current scope.</summary>
internal abstract class LogicNode
{
    public abstract object? Eval(object? data);
}

internal sealed class ConstantNode(object? value) : LogicNode
{
    public object? Value { get; } = value;

    // Lists are copied so a caller mutating a result cannot alter the rule.
    public override object? Eval(object? data) => Value is List<object?> l ? new List<object?>(l) : Value;
}

internal sealed class ArrayNode(LogicNode[] items) : LogicNode
{
    public override object? Eval(object? data)
    {
        var list = new List<object?>(items.Length);
        foreach (var item in items) list.Add(item.Eval(data));
        return list;
    }
}

/// <summary><c>var</c> with a constant path, pre-split for speed.</summary>
internal sealed class VarNode(string[]? path, LogicNode? fallback) : LogicNode
{
    public override object? Eval(object? data)
    {
        if (path is null) return data;
        return Lookup(data, path, out var found) is var v && found ? v : fallback?.Eval(data);
    }

    public static object? Lookup(object? data, string[] path, out bool found)
    {
        var current = data;
        foreach (var segment in path)
        {
            switch (current)
            {
                case JsonObject o:
                    if (!o.TryGetPropertyValue(segment, out var node)) { found = false; return null; }
                    current = JsValues.FromNode(node);
                    break;
                case IReadOnlyDictionary<string, object?> d:
                    if (!d.TryGetValue(segment, out current)) { found = false; return null; }
                    if (current is JsonNode jn) current = JsValues.FromNode(jn);
                    break;
                case List<object?> l:
                    if (!int.TryParse(segment, out var i) || i < 0 || i >= l.Count) { found = false; return null; }
                    current = l[i];
                    break;
                case string s:
                    if (!int.TryParse(segment, out var ci) || ci < 0 || ci >= s.Length) { found = false; return null; }
                    current = s[ci].ToString();
                    break;
                default:
                    found = false;
                    return null;
            }
        }
        found = true;
        return current;
    }
}

/// <summary><c>var</c> whose path is computed at run time.</summary>
internal sealed class DynamicVarNode(LogicNode[] args) : LogicNode
{
    public override object? Eval(object? data)
    {
        var key = args.Length > 0 ? args[0].Eval(data) : null;
        if (key is null || key is string { Length: 0 }) return data;
        var path = JsValues.ToJsString(key).Split('.');
        var v = VarNode.Lookup(data, path, out var found);
        return found ? v : args.Length > 1 ? args[1].Eval(data) : null;
    }
}
