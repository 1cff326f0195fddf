using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Validation;

/// <summary>
/// Abuse limits. The size limits (tokens, depth, complexity, aliases) are one linear walk with each fragment summarised once,
/// so they run before the spec rules: a hostile document is refused before the quadratic rules (overlapping fields) see it.
/// The introspection switch runs after the rules, on documents that are otherwise valid.
/// </summary>
internal static class Limits
{
    // Counts saturate here, so fragment bombs (each fragment spreading the previous one twice) cannot overflow.
    private const long Saturated = int.MaxValue;

    /// <summary>What a selection set costs: field count (weighted), deepest nesting below it, aliases.</summary>
    private readonly record struct Cost(long Complexity, int Depth, long Aliases)
    {
        public Cost Plus(Cost o) => new(Math.Min(Complexity + o.Complexity, Saturated), Math.Max(Depth, o.Depth), Math.Min(Aliases + o.Aliases, Saturated));
    }

    /// <summary>Checks the size limits; adds errors and returns false when the document is over one.</summary>
    public static bool CheckSize(Schema schema, Document doc, ValidationOptions options, List<GraphQLError> errors)
    {
        var before = errors.Count;
        if (options.MaxTokens > 0 && doc.TokenCount > options.MaxTokens)
            errors.Add(Error($"Document contains {doc.TokenCount} tokens, more than the allowed {options.MaxTokens}.", doc.Location));
        var walker = new Walker(schema, doc);
        foreach (var op in doc.Definitions.OfType<OperationDefinition>())
        {
            if (schema.RootType(op.Operation) is not { } root) continue;
            walker.Variables = PageSizes.Declared(op, null);
            var cost = walker.Walk(op.SelectionSet, root);
            Report(errors, options, cost, "Operation", op.Location);
        }
        // A fragment no operation spreads is never counted above, yet the spec rules would still examine it: bound it on its own.
        foreach (var frag in walker.Fragments.Values)
        {
            if (walker.Reached.Contains(frag.Name)) continue;
            var cost = walker.Fragment(frag);
            Report(errors, options, cost, $"Fragment \"{frag.Name}\"", frag.Location);
        }
        return errors.Count == before;
    }

    /// <summary>
    /// Checks the complexity of the operation to run again with the request's variable values, since page sizes given as
    /// variables (<c>first: $n</c>) are only known then. Returns the limit errors (empty when within the limit).
    /// </summary>
    public static List<GraphQLError> CheckWithVariables(Schema schema, Document doc, OperationDefinition op,
        IReadOnlyDictionary<string, object?> variables, ValidationOptions options)
    {
        var errors = new List<GraphQLError>();
        if (options.MaxComplexity <= 0 || schema.RootType(op.Operation) is not { } root) return errors;
        var walker = new Walker(schema, doc) { Variables = PageSizes.Declared(op, variables) };
        var cost = walker.Walk(op.SelectionSet, root);
        if (cost.Complexity > options.MaxComplexity)
            errors.Add(Error($"Operation has complexity {cost.Complexity}, which exceeds the maximum allowed complexity of {options.MaxComplexity}.", op.Location));
        return errors;
    }

    private static void Report(List<GraphQLError> errors, ValidationOptions options, Cost cost, string what, SourceLocation at)
    {
        if (options.MaxDepth > 0 && cost.Depth > options.MaxDepth)
            errors.Add(Error($"{what} has depth {cost.Depth}, which exceeds the maximum allowed depth of {options.MaxDepth}.", at));
        if (options.MaxComplexity > 0 && cost.Complexity > options.MaxComplexity)
            errors.Add(Error($"{what} has complexity {cost.Complexity}, which exceeds the maximum allowed complexity of {options.MaxComplexity}.", at));
        if (options.MaxAliases > 0 && cost.Aliases > options.MaxAliases)
            errors.Add(Error($"{what} uses {cost.Aliases} aliases, which exceeds the maximum allowed of {options.MaxAliases}.", at));
    }

    /// <summary>Rejects <c>__schema</c> / <c>__type</c> when introspection is switched off.</summary>
    public static void CheckIntrospection(Document doc, ValidationOptions options, List<GraphQLError> errors)
    {
        if (options.AllowIntrospection) return;
        foreach (var def in doc.Definitions)
        {
            var set = def switch { OperationDefinition o => o.SelectionSet, FragmentDefinition f => f.SelectionSet, _ => null };
            if (set is not null && FindIntrospection(set) is { } field)
            {
                errors.Add(Error("GraphQL introspection is not allowed, but the query contained __schema or __type.", field.Location));
                return;
            }
        }
    }

    private static Field? FindIntrospection(SelectionSet set)
    {
        foreach (var sel in set.Selections)
        {
            var found = sel switch
            {
                Field { Name: "__schema" or "__type" } f => f,
                Field { SelectionSet: { } sub } => FindIntrospection(sub),
                InlineFragment i => FindIntrospection(i.SelectionSet),
                _ => null,
            };
            if (found is not null) return found;
        }
        return null;
    }

    private static GraphQLError Error(string message, SourceLocation at) => GraphQLError.WithCode(message, ErrorCodes.LimitExceeded, [at]);

    /// <summary>Walks selection sets, expanding each named fragment's cost once (memoised), cycles counted as empty.</summary>
    private sealed class Walker(Schema schema, Document doc)
    {
        public Dictionary<string, FragmentDefinition> Fragments { get; } = doc.Definitions.OfType<FragmentDefinition>()
            .GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First());
        public HashSet<string> Reached { get; } = [];
        private readonly Dictionary<string, Cost> _done = [];
        private readonly HashSet<string> _visiting = [];

        /// <summary>Integer values of the operation's variables (known values, else declared defaults).</summary>
        public IReadOnlyDictionary<string, long> Variables { get; set; } = new Dictionary<string, long>();

        public Cost Fragment(FragmentDefinition frag)
        {
            if (_done.TryGetValue(frag.Name, out var cost)) return cost;
            if (!_visiting.Add(frag.Name)) return default; // a cycle: reported by the spec rule NoFragmentCycles
            cost = Walk(frag.SelectionSet, schema.GetType(frag.TypeCondition.Name));
            _visiting.Remove(frag.Name);
            return _done[frag.Name] = cost;
        }

        public Cost Walk(SelectionSet set, NamedType? parent)
        {
            var total = default(Cost);
            foreach (var sel in set.Selections)
            {
                switch (sel)
                {
                    case Field f:
                        var def = parent is null ? null : schema.GetField(parent, f.Name);
                        // Introspection fields are walked like any other: their nesting (ofType { ofType { ... } }) is depth too.
                        var below = f.SelectionSet is not null && def?.Type.Unwrap() is { } t
                            ? Walk(f.SelectionSet, t)
                            : default;
                        // A page of n items costs n times what one item selects (GitHub's node limit does the same).
                        var pages = def is null ? 1 : PageSizes.Of(f, def, Variables);
                        total = total.Plus(new Cost(def?.Complexity ?? 1, 1 + below.Depth, f.Alias is null ? 0 : 1))
                            .Plus(below with { Depth = 0, Complexity = Math.Min(below.Complexity * pages, Saturated) });
                        break;
                    case InlineFragment i:
                        total = total.Plus(Walk(i.SelectionSet, i.TypeCondition is null ? parent : schema.GetType(i.TypeCondition.Name) ?? parent));
                        break;
                    case FragmentSpread s when Fragments.TryGetValue(s.Name, out var frag):
                        Reached.Add(s.Name);
                        total = total.Plus(Fragment(frag));
                        break;
                }
            }
            return total;
        }
    }
}
