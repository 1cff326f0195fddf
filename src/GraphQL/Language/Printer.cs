using System.Text;
using System.Text.Json;

namespace CircuitBreaker.GraphQL.Language;

/// <summary>Prints syntax nodes back to GraphQL source in the canonical graphql-js layout.</summary>
public static class Printer
{
    /// <summary>Prints any node.</summary>
    public static string Print(Node node) => node switch
    {
        Document d => string.Join("\n\n", d.Definitions.Select(Print)),
        OperationDefinition o => PrintOperation(o),
        FragmentDefinition f => $"fragment {f.Name} on {f.TypeCondition.Name}{Dirs(f.Directives)} {Print(f.SelectionSet)}",
        SelectionSet s => Block(s.Selections.Select(Print)),
        Field f => (f.Alias is null ? "" : f.Alias + ": ") + f.Name + Args(f.Arguments) + Dirs(f.Directives) + (f.SelectionSet is null ? "" : " " + Print(f.SelectionSet)),
        FragmentSpread s => "..." + s.Name + Dirs(s.Directives),
        InlineFragment i => "..." + (i.TypeCondition is null ? "" : " on " + i.TypeCondition.Name) + Dirs(i.Directives) + " " + Print(i.SelectionSet),
        Argument a => a.Name + ": " + Print(a.Value),
        Directive d => "@" + d.Name + Args(d.Arguments),
        TypeReference t => t.ToString()!,
        VariableDefinition v => "$" + v.Name + ": " + v.Type + (v.DefaultValue is null ? "" : " = " + Print(v.DefaultValue)) + Dirs(v.Directives),
        VariableValue v => "$" + v.Name,
        IntValue i => i.Text,
        FloatValue f => f.Text,
        StringValue s => s.Block ? PrintBlockString(s.Text) : JsonString(s.Text),
        BooleanValue b => b.Value ? "true" : "false",
        NullValue => "null",
        EnumValue e => e.Name,
        ListValue l => "[" + string.Join(", ", l.Values.Select(Print)) + "]",
        ObjectValue o => "{" + string.Join(", ", o.Fields.Select(f => f.Name + ": " + Print(f.Value))) + "}",
        TypeSystemDefinition t => PrintTypeSystem(t),
        FieldDefinitionNode f => Desc(f.Description) + f.Name + ArgDefs(f.Arguments) + ": " + f.Type + Dirs(f.Directives),
        InputValueDefinitionNode v => Desc(v.Description) + v.Name + ": " + v.Type + (v.DefaultValue is null ? "" : " = " + Print(v.DefaultValue)) + Dirs(v.Directives),
        EnumValueDefinitionNode e => Desc(e.Description) + e.Name + Dirs(e.Directives),
        _ => throw new NotSupportedException($"Cannot print {node.GetType().Name}."),
    };

    private static string PrintTypeSystem(TypeSystemDefinition t)
    {
        var prefix = (t.IsExtension ? "extend " : Desc(t.Description));
        static string Implements(IReadOnlyList<string> i) => i.Count == 0 ? "" : " implements " + string.Join(" & ", i);
        string Body<T>(IReadOnlyList<T> items) where T : Node => items.Count == 0 ? "" : " " + Block(items.Select(x => Print(x)));
        return t switch
        {
            SchemaDefinition s => prefix + "schema" + Dirs(s.Directives) + (s.OperationTypes.Count == 0 ? "" : " " + Block(s.OperationTypes.Select(o => o.Operation.ToString().ToLowerInvariant() + ": " + o.Type))),
            ScalarTypeDefinition s => prefix + "scalar " + s.Name + Dirs(s.Directives),
            ObjectTypeDefinition o => prefix + "type " + o.Name + Implements(o.Interfaces) + Dirs(o.Directives) + Body(o.Fields),
            InterfaceTypeDefinition i => prefix + "interface " + i.Name + Implements(i.Interfaces) + Dirs(i.Directives) + Body(i.Fields),
            UnionTypeDefinition u => prefix + "union " + u.Name + Dirs(u.Directives) + (u.Types.Count == 0 ? "" : " = " + string.Join(" | ", u.Types)),
            EnumTypeDefinition e => prefix + "enum " + e.Name + Dirs(e.Directives) + Body(e.Values),
            InputObjectTypeDefinition io => prefix + "input " + io.Name + Dirs(io.Directives) + Body(io.Fields),
            DirectiveDefinitionNode d => prefix + "directive @" + d.Name + ArgDefs(d.Arguments) + (d.Repeatable ? " repeatable" : "") + " on " + string.Join(" | ", d.Locations),
            _ => throw new NotSupportedException($"Cannot print {t.GetType().Name}."),
        };
    }

    private static string Desc(string? description) => description is null ? "" : PrintBlockString(description) + "\n";

    private static string ArgDefs(IReadOnlyList<InputValueDefinitionNode> args)
    {
        if (args.Count == 0) return "";
        if (args.All(a => a.Description is null)) return "(" + string.Join(", ", args.Select(Print)) + ")";
        return "(\n" + string.Join("\n", args.Select(a => Indent(Print(a)))) + "\n)";
    }

    private static string PrintOperation(OperationDefinition o)
    {
        var op = o.Operation.ToString().ToLowerInvariant();
        var vars = o.VariableDefinitions.Count == 0 ? "" : "(" + string.Join(", ", o.VariableDefinitions.Select(Print)) + ")";
        if (o.Name is null && vars.Length == 0 && o.Directives.Count == 0 && o.Operation == OperationType.Query)
            return Print(o.SelectionSet);
        return op + (o.Name is null ? "" : " " + o.Name) + vars + Dirs(o.Directives) + " " + Print(o.SelectionSet);
    }

    private static string Args(IReadOnlyList<Argument> args) => args.Count == 0 ? "" : "(" + string.Join(", ", args.Select(Print)) + ")";
    private static string Dirs(IReadOnlyList<Directive> dirs) => dirs.Count == 0 ? "" : " " + string.Join(" ", dirs.Select(Print));

    /// <summary>Prints a braced, indented block.</summary>
    public static string Block(IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count == 0) return "{}";
        return "{\n" + string.Join("\n", list.Select(Indent)) + "\n}";
    }

    private static string Indent(string s) => "  " + s.Replace("\n", "\n  ");

    /// <summary>A JSON-style quoted string, escaping like graphql-js.</summary>
    public static string JsonString(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c is >= '\u007F' and <= '\u009F') sb.Append("\\u").Append(((int)c).ToString("X4"));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Prints a block string the way graphql-js printBlockString does.</summary>
    public static string PrintBlockString(string value, bool preferMultipleLines = false)
    {
        var escaped = value.Replace("\"\"\"", "\\\"\"\"");
        var lines = value.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
        var isSingleLine = lines.Length == 1;
        var forceLeadingNewLine = lines.Length > 1 && lines.Skip(1).All(l => l.Length == 0 || l[0] is ' ' or '\t');
        var hasTrailingTripleQuotes = escaped.EndsWith("\\\"\"\"", StringComparison.Ordinal);
        var hasTrailingQuote = value.EndsWith('"') && !hasTrailingTripleQuotes;
        var hasTrailingSlash = value.EndsWith('\\');
        var forceTrailingNewline = hasTrailingQuote || hasTrailingSlash;
        var printAsMultipleLines = !false && (!isSingleLine || value.Length > 70 || forceTrailingNewline || forceLeadingNewLine || hasTrailingTripleQuotes || preferMultipleLines);
        var result = "";
        var skipLeadingNewLine = isSingleLine && value.Length > 0 && value[0] is ' ' or '\t';
        if ((printAsMultipleLines && !skipLeadingNewLine) || forceLeadingNewLine) result += "\n";
        result += escaped;
        if (printAsMultipleLines || forceTrailingNewline) result += "\n";
        return "\"\"\"" + result + "\"\"\"";
    }

    internal static string Json(object? o) => JsonSerializer.Serialize(o);
}
