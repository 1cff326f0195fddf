using System.Text.Json.Nodes;

namespace CircuitBreaker.Workflow.Logic;

/// <summary>Turns a JSON Logic rule into a <see cref="LogicNode"/> tree.</summary>
internal static class LogicCompiler
{
    public static LogicNode Compile(JsonNode? rule)
    {
        switch (rule)
        {
            case JsonArray a:
                return new ArrayNode(a.Select(Compile).ToArray());
            case JsonObject o when o.Count == 1:
                var (op, raw) = o.First();
                LogicNode[] args = raw is JsonArray arr ? arr.Select(Compile).ToArray() : [Compile(raw)];
                return CompileOperator(op, args);
            case JsonObject o:
                return new ConstantNode(o.DeepClone());
            default:
                return new ConstantNode(JsValues.FromNode(rule));
        }
    }

    private static LogicNode CompileOperator(string op, LogicNode[] args)
    {
        if (op == "var") return CompileVar(args);
        if (!Operators.TryGetValue(op, out var code))
            throw new JsonLogicException("unknown_operator", $"unrecognized operation '{op}'");
        return new OperatorNode(code, args);
    }

    private static LogicNode CompileVar(LogicNode[] args)
    {
        if (args.Length == 0) return new VarNode(null, null);
        if (args[0] is not ConstantNode { Value: var key } || key is List<object?> or JsonObject)
            return new DynamicVarNode(args);
        var fallback = args.Length > 1 ? args[1] : null;
        if (key is null || key is string { Length: 0 }) return new VarNode(null, fallback);
        return new VarNode(JsValues.ToJsString(key).Split('.'), fallback);
    }

    private static readonly Dictionary<string, Op> Operators = new(StringComparer.Ordinal)
    {
        ["=="] = Op.Eq, ["==="] = Op.StrictEq, ["!="] = Op.NotEq, ["!=="] = Op.StrictNotEq,
        [">"] = Op.Gt, [">="] = Op.Ge, ["<"] = Op.Lt, ["<="] = Op.Le,
        ["!"] = Op.Not, ["!!"] = Op.Truthy, ["and"] = Op.And, ["or"] = Op.Or,
        ["if"] = Op.If, ["?:"] = Op.If,
        ["+"] = Op.Add, ["-"] = Op.Sub, ["*"] = Op.Mul, ["/"] = Op.Div, ["%"] = Op.Mod,
        ["min"] = Op.Min, ["max"] = Op.Max,
        ["cat"] = Op.Cat, ["substr"] = Op.Substr, ["in"] = Op.In, ["merge"] = Op.Merge,
        ["missing"] = Op.Missing, ["missing_some"] = Op.MissingSome,
        ["map"] = Op.Map, ["filter"] = Op.Filter, ["reduce"] = Op.Reduce,
        ["all"] = Op.All, ["none"] = Op.None, ["some"] = Op.Some, ["log"] = Op.Log,
    };
}
