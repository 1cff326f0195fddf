using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Validation;

/// <summary>Spec 5.3.2 "Field Selection Merging" (graphql-js OverlappingFieldsCanBeMergedRule).</summary>
public sealed partial class Validator
{
    private sealed record FieldEntry(NamedType? Parent, Field Node, FieldDefinition? Def, string? Origin);

    private sealed record Conflict(string ResponseName, object Reason, List<Field> Fields1, List<Field> Fields2);

    private readonly HashSet<(Field, Field)> _comparedPairs = [];

    private void CheckOverlaps(SelectionSet set, NamedType parent)
    {
        var map = new Dictionary<string, List<FieldEntry>>();
        CollectEntries(parent, set, map, null, []);
        foreach (var (name, entries) in map)
        {
            if (entries.Count < 2) continue;
            var groups = LeafClasses(entries);
            for (var g = 0; g < groups.Count; g++)
                for (var h = g + 1; h < groups.Count; h++)
                {
                    if (_errors.Count >= _maxErrors) return; // nothing more would be reported
                    var (ga, gb) = (groups[g], groups[h]);
                    // Two leaf classes conflict for every member pair or for none: decide on the first pair that is compared.
                    var leaves = ga[0].Node.SelectionSet is null && gb[0].Node.SelectionSet is null;
                    string? leafReason = null;
                    var decided = false;
                    foreach (var a in ga)
                        foreach (var b in gb)
                        {
                            if (a.Node == b.Node) continue;
                            // Conflicts inside one named fragment are reported where the fragment is defined.
                            if (a.Origin is not null && a.Origin == b.Origin) continue;
                            // Only a pair from two different fragments can meet again in another selection set (both fragments spread there too).
                            if (a.Origin is not null && b.Origin is not null && (!_comparedPairs.Add((a.Node, b.Node)) || !_comparedPairs.Add((b.Node, a.Node)))) continue;
                            if (!leaves)
                            {
                                if (FindConflict(name, a, b, false) is { } c) ReportConflict(c);
                                continue;
                            }
                            if (!decided) (leafReason, decided) = (FindConflict(name, a, b, false)?.Reason as string, true);
                            if (leafReason is null) goto nextPair;
                            ReportConflict(new Conflict(name, leafReason, [a.Node], [b.Node]));
                            if (_errors.Count >= _maxErrors) return;
                        }
                nextPair:;
                }
        }
    }

    private void ReportConflict(Conflict c) =>
        Report($"Fields \"{c.ResponseName}\" conflict because {ReasonText(c.Reason)}. Use different aliases on the fields to fetch both if this was intentional.",
            c.Fields1.Concat(c.Fields2).Select(f => f.Location).ToArray());

    /// <summary>
    /// Groups one response name's fields, in order of first appearance. Leaf fields with the same parent type, name and arguments
    /// share a group: they never conflict with one another and conflict with any other field exactly when each of them does, so
    /// <c>{ a a a … }</c> costs no comparisons and a conflict between two such groups is decided once. A field with a selection
    /// set is a group of its own (its subfields may differ from a look-alike's).
    /// </summary>
    private static List<List<FieldEntry>> LeafClasses(List<FieldEntry> entries)
    {
        var ids = new Dictionary<(NamedType?, string, string), List<FieldEntry>>();
        var groups = new List<List<FieldEntry>>();
        foreach (var e in entries)
        {
            if (e.Node.SelectionSet is not null) { groups.Add([e]); continue; }
            var args = string.Join(",", e.Node.Arguments.OrderBy(x => x.Name, StringComparer.Ordinal).Select(x => x.Name + ":" + Printer.Print(x.Value)));
            if (!ids.TryGetValue((e.Parent, e.Node.Name, args), out var group))
            {
                ids[(e.Parent, e.Node.Name, args)] = group = [];
                groups.Add(group);
            }
            group.Add(e);
        }
        return groups;
    }

    private static string ReasonText(object reason) => reason is string s
        ? s
        : string.Join(" and ", ((List<Conflict>)reason).Select(c => $"subfields \"{c.ResponseName}\" conflict because {ReasonText(c.Reason)}"));

    private void CollectEntries(NamedType? parent, SelectionSet set, Dictionary<string, List<FieldEntry>> map, string? origin, HashSet<string> visited)
    {
        foreach (var sel in set.Selections)
        {
            switch (sel)
            {
                case Field f:
                    var def = parent is null ? null : _schema.GetField(parent, f.Name);
                    if (!map.TryGetValue(f.ResponseKey, out var list)) map[f.ResponseKey] = list = [];
                    list.Add(new FieldEntry(parent, f, def, origin));
                    break;
                case InlineFragment i:
                    var t = i.TypeCondition is null ? parent : _schema.GetType(i.TypeCondition.Name);
                    CollectEntries(t, i.SelectionSet, map, origin, visited);
                    break;
                case FragmentSpread s:
                    if (!_fragments.TryGetValue(s.Name, out var frag) || !visited.Add(s.Name)) continue;
                    CollectEntries(_schema.GetType(frag.TypeCondition.Name), frag.SelectionSet, map, origin ?? s.Name, visited);
                    visited.Remove(s.Name);
                    break;
            }
        }
    }

    private Conflict? FindConflict(string responseName, FieldEntry a, FieldEntry b, bool parentsMutuallyExclusive)
    {
        var mutuallyExclusive = parentsMutuallyExclusive || a.Parent != b.Parent && a.Parent is ObjectType && b.Parent is ObjectType;
        if (!mutuallyExclusive)
        {
            if (a.Node.Name != b.Node.Name)
                return new Conflict(responseName, $"\"{a.Node.Name}\" and \"{b.Node.Name}\" are different fields", [a.Node], [b.Node]);
            if (!SameArguments(a.Node.Arguments, b.Node.Arguments))
                return new Conflict(responseName, "they have differing arguments", [a.Node], [b.Node]);
        }
        var t1 = a.Def?.Type;
        var t2 = b.Def?.Type;
        if (t1 is not null && t2 is not null && DoTypesConflict(t1, t2))
            return new Conflict(responseName, $"they return conflicting types \"{t1}\" and \"{t2}\"", [a.Node], [b.Node]);
        if (a.Node.SelectionSet is not null && b.Node.SelectionSet is not null)
        {
            var m1 = new Dictionary<string, List<FieldEntry>>();
            var m2 = new Dictionary<string, List<FieldEntry>>();
            CollectEntries(t1?.Unwrap(), a.Node.SelectionSet, m1, null, []);
            CollectEntries(t2?.Unwrap(), b.Node.SelectionSet, m2, null, []);
            var subs = new List<Conflict>();
            foreach (var (name, list1) in m1)
            {
                if (!m2.TryGetValue(name, out var list2)) continue;
                foreach (var x in list1)
                    foreach (var y in list2)
                    {
                        if (x.Node == y.Node) continue;
                        var c = FindConflict(name, x, y, mutuallyExclusive);
                        if (c is not null) subs.Add(c);
                    }
            }
            if (subs.Count > 0)
                return new Conflict(responseName, subs,
                    [a.Node, .. subs.SelectMany(s => s.Fields1)], [b.Node, .. subs.SelectMany(s => s.Fields2)]);
        }
        return null;
    }

    private static bool SameArguments(IReadOnlyList<Argument> a, IReadOnlyList<Argument> b)
    {
        if (a.Count != b.Count) return false;
        foreach (var x in a)
        {
            var y = b.FirstOrDefault(v => v.Name == x.Name);
            if (y is null || Printer.Print(x.Value) != Printer.Print(y.Value)) return false;
        }
        return true;
    }

    private static bool DoTypesConflict(GraphQLType t1, GraphQLType t2)
    {
        if (t1 is ListType l1) return t2 is not ListType l2 || DoTypesConflict(l1.OfType, l2.OfType);
        if (t2 is ListType) return true;
        if (t1 is NonNullType n1) return t2 is not NonNullType n2 || DoTypesConflict(n1.OfType, n2.OfType);
        if (t2 is NonNullType) return true;
        if (t1 is ScalarType or EnumType || t2 is ScalarType or EnumType) return t1 != t2;
        return false;
    }
}
