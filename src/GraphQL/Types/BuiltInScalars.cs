using System.Globalization;
using System.Text.Json;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Language;

namespace CircuitBreaker.GraphQL.Types;

/// <summary>The spec scalars plus JSON and DateTime, with graphql-js compatible coercion messages.</summary>
public static class BuiltInScalars
{
    private static bool TryInteger(object v, out double d)
    {
        switch (v)
        {
            case int or long or short or byte or sbyte or ushort or uint or ulong or decimal or float or double:
                d = Convert.ToDouble(v, CultureInfo.InvariantCulture); return true;
            default: d = 0; return false;
        }
    }

    /// <summary>32-bit signed integer.</summary>
    public static readonly ScalarType Int = new("Int")
    {
        Description = "The `Int` scalar type represents non-fractional signed whole numeric values. Int can represent values between -(2^31) and 2^31 - 1.",
        Serialize = v =>
        {
            double d;
            if (v is bool b) d = b ? 1 : 0;
            else if (v is string s)
            {
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d) || s.Length == 0)
                    throw new CoercionException($"Int cannot represent non-integer value: {ValueConverter.Inspect(v)}");
            }
            else if (!TryInteger(v, out d)) throw new CoercionException($"Int cannot represent non-integer value: {ValueConverter.Inspect(v)}");
            if (d != Math.Floor(d) || double.IsInfinity(d)) throw new CoercionException($"Int cannot represent non-integer value: {ValueConverter.Inspect(v)}");
            if (d > int.MaxValue || d < int.MinValue) throw new CoercionException($"Int cannot represent non 32-bit signed integer value: {ValueConverter.Inspect(v)}");
            return (int)d;
        },
        ParseValue = v =>
        {
            if (v is bool || !TryInteger(v, out var d) || d != Math.Floor(d) || double.IsInfinity(d))
                throw new CoercionException($"Int cannot represent non-integer value: {ValueConverter.Inspect(v)}");
            if (d > int.MaxValue || d < int.MinValue) throw new CoercionException($"Int cannot represent non 32-bit signed integer value: {ValueConverter.Inspect(v)}");
            return (int)d;
        },
        ParseLiteral = lit =>
        {
            if (lit is not IntValue iv) throw new CoercionException($"Int cannot represent non-integer value: {Printer.Print(lit)}");
            if (!int.TryParse(iv.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                throw new CoercionException($"Int cannot represent non 32-bit signed integer value: {iv.Text}");
            return n;
        },
        ToLiteral = v => v is null ? null : new IntValue { Text = Convert.ToString(v, CultureInfo.InvariantCulture)! },
    };

    /// <summary>Double-precision float.</summary>
    public static readonly ScalarType Float = new("Float")
    {
        Description = "The `Float` scalar type represents signed double-precision fractional values as specified by [IEEE 754](https://en.wikipedia.org/wiki/IEEE_floating_point).",
        Serialize = v =>
        {
            double d;
            if (v is bool b) d = b ? 1 : 0;
            else if (v is string s) { if (s.Length == 0 || !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d)) throw new CoercionException($"Float cannot represent non numeric value: {ValueConverter.Inspect(v)}"); }
            else if (!TryInteger(v, out d)) throw new CoercionException($"Float cannot represent non numeric value: {ValueConverter.Inspect(v)}");
            if (!double.IsFinite(d)) throw new CoercionException($"Float cannot represent non numeric value: {ValueConverter.Inspect(v)}");
            return d;
        },
        ParseValue = v =>
        {
            if (v is bool || !TryInteger(v, out var d) || !double.IsFinite(d)) throw new CoercionException($"Float cannot represent non numeric value: {ValueConverter.Inspect(v)}");
            return d;
        },
        ParseLiteral = lit => lit switch
        {
            IntValue i => double.Parse(i.Text, CultureInfo.InvariantCulture),
            FloatValue f => double.Parse(f.Text, CultureInfo.InvariantCulture),
            _ => throw new CoercionException($"Float cannot represent non numeric value: {Printer.Print(lit)}"),
        },
        ToLiteral = v => v is null ? null : new FloatValue { Text = Convert.ToDouble(v, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) },
    };

    /// <summary>UTF-8 text.</summary>
    public static readonly ScalarType String = new("String")
    {
        Description = "The `String` scalar type represents textual data, represented as UTF-8 character sequences. The String type is most often used by GraphQL to represent free-form human-readable text.",
        Serialize = v => v switch
        {
            string s => s,
            bool b => b ? "true" : "false",
            char c => c.ToString(),
            Enum e => e.ToString(),
            Guid g => g.ToString(),
            System.DateTime or DateTimeOffset => ((IFormattable)v).ToString("O", CultureInfo.InvariantCulture),
            _ when TryInteger(v, out var d) && double.IsFinite(d) => Convert.ToString(v, CultureInfo.InvariantCulture),
            _ => throw new CoercionException($"String cannot represent value: {ValueConverter.Inspect(v)}"),
        },
        ParseValue = v => v is string s ? s : throw new CoercionException($"String cannot represent a non string value: {ValueConverter.Inspect(v)}"),
        ParseLiteral = lit => lit is StringValue s ? s.Text : throw new CoercionException($"String cannot represent a non string value: {Printer.Print(lit)}"),
        ToLiteral = v => v is null ? null : new StringValue { Text = v.ToString()! },
    };

    /// <summary>true or false.</summary>
    public static readonly ScalarType Boolean = new("Boolean")
    {
        Description = "The `Boolean` scalar type represents `true` or `false`.",
        Serialize = v => v switch
        {
            bool b => b,
            _ when TryInteger(v, out var d) && double.IsFinite(d) => d != 0,
            _ => throw new CoercionException($"Boolean cannot represent a non boolean value: {ValueConverter.Inspect(v)}"),
        },
        ParseValue = v => v is bool b ? b : throw new CoercionException($"Boolean cannot represent a non boolean value: {ValueConverter.Inspect(v)}"),
        ParseLiteral = lit => lit is BooleanValue b ? b.Value : throw new CoercionException($"Boolean cannot represent a non boolean value: {Printer.Print(lit)}"),
        ToLiteral = v => v is bool b ? new BooleanValue { Value = b } : null,
    };

    /// <summary>Opaque identifier (string or integer on input).</summary>
    public static readonly ScalarType ID = new("ID")
    {
        Description = "The `ID` scalar type represents a unique identifier, often used to refetch an object or as key for a cache. The ID type appears in a JSON response as a String; however, it is not intended to be human-readable. When expected as an input type, any string (such as `\"4\"`) or integer (such as `4`) input value will be accepted as an ID.",
        Serialize = v => v switch
        {
            string s => s,
            Guid g => g.ToString(),
            int or long or short or uint or ulong => Convert.ToString(v, CultureInfo.InvariantCulture),
            double d when d == Math.Floor(d) && double.IsFinite(d) => d.ToString("0", CultureInfo.InvariantCulture),
            _ => throw new CoercionException($"ID cannot represent value: {ValueConverter.Inspect(v)}"),
        },
        ParseValue = v => v switch
        {
            string s => s,
            int or long => Convert.ToString(v, CultureInfo.InvariantCulture),
            double d when d == Math.Floor(d) && double.IsFinite(d) => d.ToString("0", CultureInfo.InvariantCulture),
            _ => throw new CoercionException($"ID cannot represent value: {ValueConverter.Inspect(v)}"),
        },
        ParseLiteral = lit => lit switch
        {
            StringValue s => s.Text,
            IntValue i => i.Text,
            _ => throw new CoercionException($"ID cannot represent a non-string and non-integer value: {Printer.Print(lit)}"),
        },
        ToLiteral = v => v is null ? null : new StringValue { Text = v.ToString()! },
    };

    /// <summary>Any JSON value.</summary>
    public static readonly ScalarType Json = new("JSON")
    {
        Description = "Arbitrary JSON value.",
        Serialize = v => v is JsonElement e ? ValueConverter.FromJson(e) : v,
        ParseValue = v => v,
        ParseLiteral = lit => ValueConverter.LiteralToPlain(lit, null),
        ToLiteral = ValueConverter.PlainToLiteral,
    };

    /// <summary>ISO-8601 date-time with offset.</summary>
    public static readonly ScalarType DateTime = new("DateTime")
    {
        Description = "An ISO-8601 date-time with offset, e.g. 2024-01-31T10:00:00Z.",
        SpecifiedByUrl = "https://scalars.graphql.org/andimarek/date-time",
        Serialize = v => v switch
        {
            DateTimeOffset d => d.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture).Replace("+00:00", "Z"),
            System.DateTime d => new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? System.DateTime.SpecifyKind(d, DateTimeKind.Utc) : d)
                .ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture).Replace("+00:00", "Z"),
            string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => s,
            _ => throw new CoercionException($"DateTime cannot represent value: {ValueConverter.Inspect(v)}"),
        },
        ParseValue = v => v is string s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d) && s.Contains('T')
            ? d : throw new CoercionException($"DateTime cannot represent value: {ValueConverter.Inspect(v)}"),
        ParseLiteral = lit => lit is StringValue s && DateTimeOffset.TryParse(s.Text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d) && s.Text.Contains('T')
            ? d : throw new CoercionException($"DateTime cannot represent value: {Printer.Print(lit)}"),
        ToLiteral = v => v is null ? null : new StringValue { Text = v.ToString()! },
    };

    /// <summary>The five spec scalars by name.</summary>
    public static IReadOnlyDictionary<string, ScalarType> Specified { get; } = new Dictionary<string, ScalarType>
    {
        ["Int"] = Int, ["Float"] = Float, ["String"] = String, ["Boolean"] = Boolean, ["ID"] = ID,
    };
}
