namespace CircuitBreaker.Workflow.Rules;

/// <summary>Operators of structured conditions; JSON names are snake_case (e.g. <c>greater_than</c>).</summary>
public enum ConditionOperator
{
    /// <summary><c>equals</c></summary>
    Equal,
    /// <summary><c>not_equals</c></summary>
    NotEqual,
    /// <summary><c>greater_than</c></summary>
    GreaterThan,
    /// <summary><c>less_than</c></summary>
    LessThan,
    /// <summary><c>greater_than_or_equal</c></summary>
    GreaterThanOrEqual,
    /// <summary><c>less_than_or_equal</c></summary>
    LessThanOrEqual,
    /// <summary><c>between</c> (inclusive, value <c>[low, high]</c>)</summary>
    Between,
    /// <summary><c>in</c> (value is an array)</summary>
    In,
    /// <summary><c>not_in</c></summary>
    NotIn,
    /// <summary><c>contains</c> (substring, or array element)</summary>
    Contains,
    /// <summary><c>starts_with</c></summary>
    StartsWith,
    /// <summary><c>ends_with</c></summary>
    EndsWith,
    /// <summary><c>matches</c> (.NET regex, 100 ms match timeout)</summary>
    Matches,
    /// <summary><c>exists</c> (present and not null)</summary>
    Exists,
    /// <summary><c>is_empty</c> (missing, null, "", [] or {})</summary>
    IsEmpty,
}

/// <summary>Names of <see cref="ConditionOperator"/> values in JSON.</summary>
public static class ConditionOperators
{
    private static readonly Dictionary<string, ConditionOperator> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["equals"] = ConditionOperator.Equal, ["not_equals"] = ConditionOperator.NotEqual,
        ["greater_than"] = ConditionOperator.GreaterThan, ["less_than"] = ConditionOperator.LessThan,
        ["greater_than_or_equal"] = ConditionOperator.GreaterThanOrEqual,
        ["less_than_or_equal"] = ConditionOperator.LessThanOrEqual,
        ["between"] = ConditionOperator.Between, ["in"] = ConditionOperator.In, ["not_in"] = ConditionOperator.NotIn,
        ["contains"] = ConditionOperator.Contains, ["starts_with"] = ConditionOperator.StartsWith,
        ["ends_with"] = ConditionOperator.EndsWith, ["matches"] = ConditionOperator.Matches,
        ["exists"] = ConditionOperator.Exists, ["is_empty"] = ConditionOperator.IsEmpty,
    };

    private static readonly Dictionary<ConditionOperator, string> Names = ByName.ToDictionary(kv => kv.Value, kv => kv.Key);

    /// <summary>The snake_case name.</summary>
    public static string Name(ConditionOperator op) => Names[op];

    /// <summary>Parses a snake_case name (case-insensitive).</summary>
    public static bool TryParse(string name, out ConditionOperator op) => ByName.TryGetValue(name, out op);

    /// <summary>All operator names.</summary>
    public static IEnumerable<string> AllNames => ByName.Keys;
}
