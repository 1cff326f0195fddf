namespace CircuitBreaker.GraphQL.Types;

/// <summary>Type-system checks run by <see cref="SchemaBuilder.Build"/> (a subset of graphql-js validateSchema, same messages).</summary>
internal static class SchemaValidation
{
    public static List<string> Check(Schema schema)
    {
        var errors = new List<string>();
        foreach (var t in schema.Types)
        {
            if (t.Name.StartsWith("__", StringComparison.Ordinal)) continue;
            switch (t)
            {
                case FieldsType ft:
                    if (ft.Fields.Count == 0) errors.Add($"Type {ft.Name} must define one or more fields.");
                    foreach (var i in ft.Interfaces)
                    {
                        if (i == ft) { errors.Add($"Type {ft.Name} cannot implement itself because it would create a circular reference."); continue; }
                        foreach (var transitive in i.Interfaces.Where(x => !ft.Interfaces.Contains(x)))
                            errors.Add(transitive == ft
                                ? $"Type {ft.Name} cannot implement {i.Name} because it would create a circular reference."
                                : $"Type {ft.Name} must implement {transitive.Name} because it is implemented by {i.Name}.");
                        CheckImplementation(schema, ft, i, errors);
                    }
                    break;
                case UnionType u when u.Types.Count == 0:
                    errors.Add($"Union type {u.Name} must define one or more member types.");
                    break;
                case EnumType e when e.Values.Count == 0:
                    errors.Add($"Enum type {e.Name} must define one or more values.");
                    break;
                case InputObjectType io when io.Fields.Count == 0:
                    errors.Add($"Input Object type {io.Name} must define one or more fields.");
                    break;
            }
        }
        return errors;
    }

    private static void CheckImplementation(Schema schema, FieldsType type, InterfaceType iface, List<string> errors)
    {
        foreach (var ifield in iface.Fields)
        {
            var field = type.Fields[ifield.Name];
            if (field is null)
            {
                errors.Add($"Interface field {iface.Name}.{ifield.Name} expected but {type.Name} does not provide it.");
                continue;
            }
            if (!IsSubType(schema, field.Type, ifield.Type))
                errors.Add($"Interface field {iface.Name}.{ifield.Name} expects type {ifield.Type} but {type.Name}.{field.Name} is type {field.Type}.");
            foreach (var iarg in ifield.Arguments)
            {
                var arg = field.Argument(iarg.Name);
                if (arg is null)
                    errors.Add($"Interface field argument {iface.Name}.{ifield.Name}({iarg.Name}:) expected but {type.Name}.{field.Name} does not provide it.");
                else if (arg.Type.ToString() != iarg.Type.ToString())
                    errors.Add($"Interface field argument {iface.Name}.{ifield.Name}({iarg.Name}:) expects type {iarg.Type} but {type.Name}.{field.Name}({arg.Name}:) is type {arg.Type}.");
            }
            foreach (var arg in field.Arguments)
                if (ifield.Argument(arg.Name) is null && arg.Type is NonNullType && arg.DefaultValue is null)
                    errors.Add($"Argument \"{type.Name}.{field.Name}({arg.Name}:)\" must not be required type \"{arg.Type}\" if not provided by the Interface field \"{iface.Name}.{ifield.Name}\".");
        }
    }

    private static bool IsSubType(Schema schema, GraphQLType maybeSub, GraphQLType super)
    {
        if (super is NonNullType snn) return maybeSub is NonNullType mnn && IsSubType(schema, mnn.OfType, snn.OfType);
        if (maybeSub is NonNullType m) return IsSubType(schema, m.OfType, super);
        if (super is ListType sl) return maybeSub is ListType ml && IsSubType(schema, ml.OfType, sl.OfType);
        if (maybeSub is ListType) return false;
        return schema.IsSubType((NamedType)super, (NamedType)maybeSub);
    }
}
