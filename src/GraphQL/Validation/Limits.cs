using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Validation;

/// <summary>Abuse limits: depth, complexity, aliases, introspection. Runs on documents that passed the spec rules.</summary>
internal static class Limits
{
    public static void Check(Schema schema, Document doc, ValidationOptions options, List<GraphQLError> errors)
    {
        var fragments = doc.Definitions.OfType<FragmentDefinition>().ToDictionary(f => f.Name);
        if (options.MaxTokens > 0 && doc.TokenCount > options.MaxTokens)
            errors.Add(Error($"Document contains {doc.TokenCount} tokens, more than the allowed {options.MaxTokens}.", doc.Location));
        foreach (var op in doc.Definitions.OfType<OperationDefinition>())
        {
            var root = schema.RootType(op.Operation);
            if (root is null) continue;
            var depth = 0;
            var complexity = 0;
            var aliases = 0;
            Field? introspection = null;
            Walk(op.SelectionSet, root, 1, []);
            if (options.MaxDepth > 0 && depth > options.MaxDepth)
                errors.Add(Error($"Operation has depth {depth}, which exceeds the maximum allowed depth of {options.MaxDepth}.", op.Location));
            if (options.MaxComplexity > 0 && complexity > options.MaxComplexity)
                errors.Add(Error($"Operation has complexity {complexity}, which exceeds the maximum allowed complexity of {options.MaxComplexity}.", op.Location));
            if (options.MaxAliases > 0 && aliases > options.MaxAliases)
                errors.Add(Error($"Operation uses {aliases} aliases, which exceeds the maximum allowed of {options.MaxAliases}.", op.Location));
            if (!options.AllowIntrospection && introspection is not null)
                errors.Add(Error("GraphQL introspection is not allowed, but the query contained __schema or __type.", introspection.Location));

            void Walk(SelectionSet set, NamedType parent, int level, HashSet<string> visiting)
            {
                foreach (var sel in set.Selections)
                {
                    switch (sel)
                    {
                        case Field f:
                            if (f.Alias is not null) aliases++;
                            if (f.Name is "__schema" or "__type") introspection ??= f;
                            var def = schema.GetField(parent, f.Name);
                            complexity += def?.Complexity ?? 1;
                            if (level > depth) depth = level;
                            if (f.SelectionSet is not null && def?.Type.Unwrap() is { } t && !f.Name.StartsWith("__", StringComparison.Ordinal))
                                Walk(f.SelectionSet, t, level + 1, visiting);
                            break;
                        case InlineFragment i:
                            Walk(i.SelectionSet, i.TypeCondition is null ? parent : schema.GetType(i.TypeCondition.Name) ?? parent, level, visiting);
                            break;
                        case FragmentSpread s:
                            if (fragments.TryGetValue(s.Name, out var frag) && visiting.Add(s.Name))
                            {
                                Walk(frag.SelectionSet, schema.GetType(frag.TypeCondition.Name) ?? parent, level, visiting);
                                visiting.Remove(s.Name);
                            }
                            break;
                    }
                }
            }
        }
    }

    private static GraphQLError Error(string message, SourceLocation at) => GraphQLError.WithCode(message, ErrorCodes.LimitExceeded, [at]);
}
