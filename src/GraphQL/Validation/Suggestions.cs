namespace CircuitBreaker.GraphQL.Validation;

/// <summary>"Did you mean" suggestions ranked by lexical distance, matching graphql-js suggestionList/didYouMean.</summary>
public static class Suggestions
{
    /// <summary>Options close to <paramref name="input"/>, best first.</summary>
    public static IReadOnlyList<string> Rank(string input, IEnumerable<string> options)
    {
        var lower = input.ToLowerInvariant();
        var threshold = Math.Floor(input.Length * 0.4) + 1;
        var scored = new List<(string Option, int Distance)>();
        foreach (var o in options)
        {
            var d = lower == o.ToLowerInvariant() ? 1 : Distance(lower, o.ToLowerInvariant());
            if (d <= threshold) scored.Add((o, d));
        }
        return scored.OrderBy(x => x.Distance).ThenBy(x => x.Option, StringComparer.Ordinal).Select(x => x.Option).ToList();
    }

    private static int Distance(string a, string b)
    {
        if (a == b) return 0;
        var rows = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) rows[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) rows[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(rows[i - 1, j] + 1, rows[i, j - 1] + 1), rows[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, rows[i - 2, j - 2] + 1);
                rows[i, j] = v;
            }
        return rows[a.Length, b.Length];
    }

    /// <summary>" Did you mean "a", "b"?" or empty.</summary>
    public static string DidYouMean(IReadOnlyList<string> suggestions) => DidYouMean(null, suggestions);

    /// <summary>With a sub-message, e.g. "the enum value".</summary>
    public static string DidYouMean(string? subMessage, IReadOnlyList<string> suggestions)
    {
        if (suggestions.Count == 0) return "";
        var msg = subMessage is null ? " Did you mean " : $" Did you mean {subMessage} ";
        var quoted = suggestions.Take(5).Select(s => $"\"{s}\"").ToList();
        return quoted.Count switch
        {
            1 => msg + quoted[0] + "?",
            2 => msg + quoted[0] + " or " + quoted[1] + "?",
            _ => msg + string.Join(", ", quoted.Take(quoted.Count - 1)) + ", or " + quoted[^1] + "?",
        };
    }
}
