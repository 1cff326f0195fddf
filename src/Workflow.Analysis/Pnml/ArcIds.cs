namespace CircuitBreaker.Workflow.Analysis.Pnml;

/// <summary>Fresh arc ids (<c>a0</c>, <c>a1</c>, …) that skip ids already used by places and transitions (PNML ids are document-wide).</summary>
internal sealed class ArcIds(IEnumerable<string> taken)
{
    private readonly HashSet<string> _taken = taken.ToHashSet(StringComparer.Ordinal);
    private int _next;

    public string Next()
    {
        string id;
        do id = $"a{_next++}";
        while (_taken.Contains(id));
        return id;
    }
}
