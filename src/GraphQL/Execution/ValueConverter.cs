using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CircuitBreaker.GraphQL.Language;

namespace CircuitBreaker.GraphQL.Execution;

/// <summary>Conversions between JSON, literals and plain .NET values (long/double/string/bool/null, lists, dictionaries).</summary>
public static class ValueConverter
{
    /// <summary>Converts a JSON element to a plain value (integers as long when they fit, else double).</summary>
    public static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Aggregate(new Dictionary<string, object?>(), (d, p) => { d[p.Name] = FromJson(p.Value); return d; }),
        JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>Converts a literal to a plain value, substituting variables (missing variables become null).</summary>
    public static object? LiteralToPlain(Value v, IReadOnlyDictionary<string, object?>? variables) => v switch
    {
        IntValue i => long.TryParse(i.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : double.Parse(i.Text, CultureInfo.InvariantCulture),
        FloatValue f => double.Parse(f.Text, CultureInfo.InvariantCulture),
        StringValue s => s.Text,
        BooleanValue b => b.Value,
        NullValue => null,
        EnumValue en => en.Name,
        ListValue l => l.Values.Select(x => LiteralToPlain(x, variables)).ToList(),
        ObjectValue o => o.Fields.Aggregate(new Dictionary<string, object?>(), (d, f) => { d[f.Name] = LiteralToPlain(f.Value, variables); return d; }),
        VariableValue var => variables?.GetValueOrDefault(var.Name),
        _ => null,
    };

    /// <summary>Converts a plain value to a literal (for printing default values).</summary>
    public static Value? PlainToLiteral(object? v) => v switch
    {
        null => new NullValue(),
        bool b => new BooleanValue { Value = b },
        string s => new StringValue { Text = s },
        int or long or short or byte => new IntValue { Text = Convert.ToString(v, CultureInfo.InvariantCulture)! },
        double or float or decimal => FloatOrInt(Convert.ToDouble(v, CultureInfo.InvariantCulture)),
        IDictionary d => new ObjectValue { Fields = d.Keys.Cast<object>().Select(k => new ObjectField { Name = k.ToString()!, Value = PlainToLiteral(d[k])! }).ToList() },
        IEnumerable e => new ListValue { Values = e.Cast<object?>().Select(x => PlainToLiteral(x)!).ToList() },
        _ => new StringValue { Text = v.ToString()! },
    };

    private static Value FloatOrInt(double d) => d == Math.Floor(d) && Math.Abs(d) < 1e15
        ? new IntValue { Text = d.ToString("0", CultureInfo.InvariantCulture) }
        : new FloatValue { Text = d.ToString("R", CultureInfo.InvariantCulture) };

    /// <summary>Renders a value the way graphql-js's inspect() does, for error messages.</summary>
    public static string Inspect(object? v)
    {
        var sb = new StringBuilder();
        Inspect(v, sb, 0);
        return sb.ToString();
    }

    private static void Inspect(object? v, StringBuilder sb, int depth)
    {
        switch (v)
        {
            case null: sb.Append("null"); break;
            case string s: sb.Append(JsonSerializer.Serialize(s)); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case double d: sb.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : FormatNumber(d)); break;
            case float f: sb.Append(FormatNumber(f)); break;
            case int or long or short or byte or decimal: sb.Append(Convert.ToString(v, CultureInfo.InvariantCulture)); break;
            case IDictionary dict:
                if (dict.Count == 0) { sb.Append("{}"); break; }
                if (depth > 1) { sb.Append("[Object]"); break; }
                sb.Append("{ ");
                var first = true;
                foreach (DictionaryEntry kv in dict)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    sb.Append(kv.Key).Append(": ");
                    Inspect(kv.Value, sb, depth + 1);
                }
                sb.Append(" }");
                break;
            case IEnumerable list:
                if (depth > 1) { sb.Append("[Array]"); break; }
                sb.Append('[');
                var f2 = true;
                foreach (var item in list)
                {
                    if (!f2) sb.Append(", ");
                    f2 = false;
                    Inspect(item, sb, depth + 1);
                }
                sb.Append(']');
                break;
            default: sb.Append(v); break;
        }
    }

    /// <summary>Formats a double like JavaScript's Number.prototype.toString.</summary>
    public static string FormatNumber(double d)
    {
        if (d == Math.Floor(d) && Math.Abs(d) < 1e21) return d.ToString("0", CultureInfo.InvariantCulture);
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        if (r.Contains('E'))
        {
            var parts = r.Split('E');
            var exp = int.Parse(parts[1], CultureInfo.InvariantCulture);
            return parts[0] + "e" + (exp >= 0 ? "+" : "") + exp.ToString(CultureInfo.InvariantCulture);
        }
        return r;
    }
}
