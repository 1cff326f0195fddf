using CircuitBreaker.GraphQL.Language;

namespace CircuitBreaker.GraphQL.Types;

/// <summary>Prints a schema as SDL in graphql-js printSchema layout (built-in scalars, directives and introspection types omitted).</summary>
public static class SchemaPrinter
{
    /// <summary>Prints the schema.</summary>
    public static string Print(Schema schema)
    {
        var parts = new List<string>();
        var schemaDef = PrintSchemaDefinition(schema);
        if (schemaDef is not null) parts.Add(schemaDef);
        foreach (var d in schema.Directives.Where(d => !SpecifiedDirectives.All.Contains(d))) parts.Add(PrintDirective(d));
        foreach (var t in schema.Types.Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal) && !BuiltInScalars.Specified.ContainsKey(t.Name)))
            parts.Add(PrintType(t));
        return string.Join("\n\n", parts);
    }

    private static string? PrintSchemaDefinition(Schema s)
    {
        var conventional = s.QueryType.Name == "Query" && (s.MutationType is null || s.MutationType.Name == "Mutation")
            && (s.SubscriptionType is null || s.SubscriptionType.Name == "Subscription");
        if (conventional && s.Description is null) return null;
        var ops = new List<string> { $"query: {s.QueryType.Name}" };
        if (s.MutationType is not null) ops.Add($"mutation: {s.MutationType.Name}");
        if (s.SubscriptionType is not null) ops.Add($"subscription: {s.SubscriptionType.Name}");
        return Description(s.Description, "") + "schema " + Printer.Block(ops);
    }

    /// <summary>Prints one named type.</summary>
    public static string PrintType(NamedType t) => t switch
    {
        ScalarType s => Description(s.Description, "") + $"scalar {s.Name}" + (s.SpecifiedByUrl is null ? "" : $" @specifiedBy(url: {Printer.JsonString(s.SpecifiedByUrl)})"),
        ObjectType o => Description(o.Description, "") + $"type {o.Name}" + Implements(o) + Fields(o),
        InterfaceType i => Description(i.Description, "") + $"interface {i.Name}" + Implements(i) + Fields(i),
        UnionType u => Description(u.Description, "") + $"union {u.Name}" + (u.Types.Count == 0 ? "" : " = " + string.Join(" | ", u.Types.Select(x => x.Name))),
        EnumType e => Description(e.Description, "") + $"enum {e.Name}" + BlockOf(e.Values.Select((v, idx) =>
            Description(v.Description, "  ", idx == 0) + "  " + v.Name + Deprecated(v.DeprecationReason)).ToList()),
        InputObjectType io => Description(io.Description, "") + $"input {io.Name}" + (io.IsOneOf ? " @oneOf" : "") + BlockOf(io.Fields.Select((f, idx) =>
            Description(f.Description, "  ", idx == 0) + "  " + InputValue(f)).ToList()),
        _ => "",
    };

    private static string BlockOf(List<string> lines) => lines.Count == 0 ? "" : " {\n" + string.Join("\n", lines) + "\n}";

    private static string Implements(FieldsType t) => t.Interfaces.Count == 0 ? "" : " implements " + string.Join(" & ", t.Interfaces.Select(i => i.Name));

    private static string Fields(FieldsType t) => BlockOf(t.Fields.Select((f, idx) =>
        Description(f.Description, "  ", idx == 0) + "  " + f.Name + Args(f.Arguments, "  ") + ": " + f.Type + Deprecated(f.DeprecationReason)).ToList());

    private static string Args(List<InputValue> args, string indent)
    {
        if (args.Count == 0) return "";
        if (args.All(a => a.Description is null)) return "(" + string.Join(", ", args.Select(InputValue)) + ")";
        return "(\n" + string.Join("\n", args.Select((a, i) => Description(a.Description, "  " + indent, i == 0) + "  " + indent + InputValue(a))) + "\n" + indent + ")";
    }

    private static string InputValue(InputValue v) =>
        v.Name + ": " + v.Type + (v.DefaultValue is null ? "" : " = " + Printer.Print(v.DefaultValue)) + Deprecated(v.DeprecationReason);

    private static string PrintDirective(DirectiveDefinition d) =>
        Description(d.Description, "") + "directive @" + d.Name + Args(d.Arguments, "") + (d.IsRepeatable ? " repeatable" : "") + " on " + string.Join(" | ", d.Locations);

    private static string Deprecated(string? reason) => reason is null ? ""
        : reason == "No longer supported" ? " @deprecated" : $" @deprecated(reason: {Printer.JsonString(reason)})";

    private static string Description(string? description, string indent, bool first = true)
    {
        if (description is null) return "";
        var block = Printer.PrintBlockString(description);
        var prefix = indent.Length > 0 && !first ? "\n" : "";
        return prefix + indent + block.Replace("\n", "\n" + indent) + "\n";
    }
}
