using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Workflow.Logic;

/// <summary>
/// JavaScript value semantics over the evaluator's value set: null, bool, double, string,
/// <see cref="List{T}"/> of values (arrays), <see cref="JsonObject"/> and read-only dictionaries (objects).
/// json-logic-js relies on JS coercions, so these follow the ECMAScript rules.
/// </summary>
internal static class JsValues
{
    public static readonly object True = true;
    public static readonly object False = false;

    public static object Bool(bool b) => b ? True : False;

    /// <summary>Converts a JSON node from the data into an evaluator value (arrays become lists).</summary>
    public static object? FromNode(JsonNode? node)
    {
        switch (node)
        {
            case null: return null;
            case JsonObject o: return o;
            case JsonArray a:
                var list = new List<object?>(a.Count);
                foreach (var item in a) list.Add(FromNode(item));
                return list;
            case JsonValue v:
                switch (v.GetValueKind())
                {
                    case JsonValueKind.String: return JsonText.Get(v);
                    case JsonValueKind.Number: return JsonNumber.TryGet(v, out var d) ? d : double.NaN;
                    case JsonValueKind.True: return True;
                    case JsonValueKind.False: return False;
                    default: return null;
                }
            default: return null;
        }
    }

    /// <summary>Converts an evaluator value back to a JSON node.</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : null,
        string s => JsonValue.Create(s),
        List<object?> l => new JsonArray(l.Select(ToNode).ToArray()),
        JsonObject o => o.DeepClone(),
        IReadOnlyDictionary<string, object?> dict => new JsonObject(dict.Select(kv => KeyValuePair.Create(kv.Key, ToNode(kv.Value)))),
        _ => JsonValue.Create(value.ToString()),
    };

    public static bool Truthy(object? v) => v switch
    {
        null => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        List<object?> l => l.Count > 0, // json-logic treats [] as falsy
        _ => true,
    };

    public static bool IsObject(object? v) => v is JsonObject or IReadOnlyDictionary<string, object?>;

    public static object? ToPrimitive(object? v) => v switch
    {
        List<object?> => ToJsString(v),
        JsonObject or IReadOnlyDictionary<string, object?> => "[object Object]",
        _ => v,
    };

    public static double ToNumber(object? v)
    {
        switch (v)
        {
            case null: return 0;
            case bool b: return b ? 1 : 0;
            case double d: return d;
            case string s:
                var t = s.Trim();
                if (t.Length == 0) return 0;
                if (t is "Infinity" or "+Infinity") return double.PositiveInfinity;
                if (t == "-Infinity") return double.NegativeInfinity;
                if (t.Length > 2 && t[0] == '0' && (t[1] is 'x' or 'X'))
                    return long.TryParse(t.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex : double.NaN;
                foreach (var c in t)
                    if (!(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-')) return double.NaN;
                return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) ? r : double.NaN;
            case List<object?>: return ToNumber(ToPrimitive(v));
            default: return double.NaN;
        }
    }

    /// <summary>JS <c>parseFloat(String(v))</c>: the longest numeric prefix, NaN when none.</summary>
    public static double ParseFloat(object? v)
    {
        if (v is double d) return d;
        var s = ToJsString(v).TrimStart();
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-') i++;
        if (string.CompareOrdinal(s, i, "Infinity", 0, 8) == 0)
            return s[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < s.Length && s[i] == '.') { i++; while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; } }
        if (digits == 0) return double.NaN;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < s.Length && s[j] is '+' or '-') j++;
            var expDigits = j;
            while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
            if (j > expDigits) i = j;
        }
        return double.Parse(s.AsSpan(0, i), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public static string ToJsString(object? v)
    {
        switch (v)
        {
            case null: return "null";
            case bool b: return b ? "true" : "false";
            case double d: return NumberToString(d);
            case string s: return s;
            case List<object?> l:
                var sb = new StringBuilder();
                for (var i = 0; i < l.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    if (l[i] is not null) sb.Append(ToJsString(l[i]));
                }
                return sb.ToString();
            default: return "[object Object]";
        }
    }

    public static string NumberToString(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "Infinity";
        if (double.IsNegativeInfinity(d)) return "-Infinity";
        if (d == Math.Floor(d) && Math.Abs(d) < 1e21) return ((decimal)d).ToString(CultureInfo.InvariantCulture);
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E');
        if (e < 0) return r;
        // JS writes 1e-7 / 1.5e+21 where .NET writes 1E-07 / 1.5E+21.
        var exp = int.Parse(r.AsSpan(e + 1), CultureInfo.InvariantCulture);
        return r[..e] + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString(CultureInfo.InvariantCulture);
    }

    public static bool StrictEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (bool x, bool y) => x == y,
        (double x, double y) => x == y,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        _ => a is not null && ReferenceEquals(a, b),
    };

    public static bool LooseEquals(object? a, object? b)
    {
        while (true)
        {
            if (a is null || b is null) return a is null && b is null;
            if (a.GetType() == b.GetType() || (IsObject(a) && IsObject(b))) return StrictEquals(a, b);
            switch (a, b)
            {
                case (double x, string y): return x == ToNumber(y);
                case (string x, double y): return ToNumber(x) == y;
                case (bool x, _): a = x ? 1.0 : 0.0; continue;
                case (_, bool y): b = y ? 1.0 : 0.0; continue;
            }
            if (a is double or string && b is List<object?> or JsonObject or IReadOnlyDictionary<string, object?>) { b = ToPrimitive(b); continue; }
            if (b is double or string && a is List<object?> or JsonObject or IReadOnlyDictionary<string, object?>) { a = ToPrimitive(a); continue; }
            return false;
        }
    }

    /// <summary>JS abstract relational comparison: returns -1/0/1, or null when undefined (NaN involved).</summary>
    public static int? Compare(object? a, object? b)
    {
        var pa = ToPrimitive(a);
        var pb = ToPrimitive(b);
        if (pa is string sa && pb is string sb) return Math.Sign(string.CompareOrdinal(sa, sb));
        var x = ToNumber(pa);
        var y = ToNumber(pb);
        if (double.IsNaN(x) || double.IsNaN(y)) return null;
        return x.CompareTo(y);
    }

    public static bool LessThan(object? a, object? b) => Compare(a, b) is < 0;
    public static bool LessOrEqual(object? a, object? b) => Compare(a, b) is <= 0;
}
