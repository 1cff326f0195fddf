using System.Globalization;
using System.Text.Json;
using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Validation;

/// <summary>
/// How many items a field asks for, for the complexity limit: its <c>first</c>, <c>last</c> or <c>limit</c> argument (a literal,
/// a variable's value or declared default, else the argument's schema default), 1 for fields without one.
/// </summary>
internal static class PageSizes
{
    /// <summary>The argument names read as a page size.</summary>
    public static readonly string[] Names = ["first", "last", "limit"];

    // Above int range a page size is refused by coercion anyway; capping keeps the products from overflowing.
    private const long Cap = int.MaxValue;

    /// <summary>The page size <paramref name="field"/> asks for (at least 0, at most <see cref="int.MaxValue"/>).</summary>
    public static long Of(Field field, FieldDefinition definition, IReadOnlyDictionary<string, long> variables)
    {
        long? size = null;
        foreach (var name in Names)
        {
            if (definition.Arguments.FirstOrDefault(a => a.Name == name) is not { } argument) continue;
            var given = field.Arguments.FirstOrDefault(a => a.Name == name)?.Value;
            var value = given switch
            {
                IntValue i => Parse(i.Text),
                VariableValue v => variables.TryGetValue(v.Name, out var n) ? n : Literal(argument.DefaultValue),
                null => Literal(argument.DefaultValue),
                _ => null,
            };
            if (value is { } n2) size = Math.Max(size ?? 0, n2);
        }
        return Math.Clamp(size ?? 1, 0, Cap);
    }

    /// <summary>
    /// Integer variables of <paramref name="op"/>: the given <paramref name="values"/> where known, else declared defaults.
    /// </summary>
    public static IReadOnlyDictionary<string, long> Declared(OperationDefinition op, IReadOnlyDictionary<string, object?>? values)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var variable in op.VariableDefinitions)
        {
            long? n = values is not null && values.TryGetValue(variable.Name, out var given) ? FromValue(given) : null;
            if ((n ?? Literal(variable.DefaultValue)) is { } value) result[variable.Name] = value;
        }
        return result;
    }

    private static long? Literal(Value? value) => value is IntValue i ? Parse(i.Text) : null;

    private static long? Parse(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 0, Cap) : Cap;

    private static long? FromValue(object? value) => value switch
    {
        int i => Math.Max(0, i),
        long l => Math.Clamp(l, 0, Cap),
        double d when d == Math.Floor(d) => (long)Math.Clamp(d, 0, Cap),
        decimal m when m == Math.Floor(m) => (long)Math.Clamp(m, 0, Cap),
        JsonElement { ValueKind: JsonValueKind.Number } e => e.TryGetInt64(out var l) ? Math.Clamp(l, 0, Cap) : Cap,
        _ => null,
    };
}
