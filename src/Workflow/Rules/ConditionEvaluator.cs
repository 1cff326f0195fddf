using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CircuitBreaker.Workflow.Logic;

namespace CircuitBreaker.Workflow.Rules;

/// <summary>
/// Evaluates conditions against an <see cref="EvaluationContext"/>, recording a trace of every
/// sub-condition. Never throws on bad data: a failure carries a reason instead.
/// </summary>
public sealed class ConditionEvaluator(IRuleResolver? rules = null)
{
    /// <summary>Match timeout for <c>matches</c>; a timeout fails the condition with a reason.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    private static readonly ConcurrentDictionary<string, Regex> RegexCache = new(StringComparer.Ordinal);
    private const int MaxRuleDepth = 32;

    /// <summary>Evaluates <paramref name="condition"/>.</summary>
    public ConditionResult Evaluate(Condition condition, EvaluationContext context)
    {
        var trace = new List<ConditionTrace>();
        try
        {
            var (passed, reason) = Eval(condition, context, "", trace, 0);
            return new ConditionResult(passed, passed ? null : reason, trace);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Unexpected data shapes must fail the condition, not the caller (a grain turn).
            return new ConditionResult(false, $"evaluation error: {e.Message}", trace);
        }
    }

    /// <summary>Evaluates a stored rule.</summary>
    public ConditionResult Evaluate(Rule rule, EvaluationContext context) => Evaluate(rule.Condition, context);

    private (bool Passed, string? Reason) Eval(Condition c, EvaluationContext ctx, string path, List<ConditionTrace> trace, int depth)
    {
        switch (c)
        {
            case FieldCondition f:
            {
                var found = FieldPath.TryResolve(ctx, f.Field, out var actual);
                var (passed, reason) = Compare(f, found, actual);
                trace.Add(new ConditionTrace(path, f.Field, ConditionOperators.Name(f.Operator), f.Value?.DeepClone(), actual?.DeepClone(), passed, reason));
                return (passed, reason);
            }
            case GroupCondition g:
            {
                string? firstFailure = null;
                var passedCount = 0;
                for (var i = 0; i < g.Conditions.Count; i++)
                {
                    var (p, r) = Eval(g.Conditions[i], ctx, Join(path, $"conditions[{i}]"), trace, depth);
                    // No short-circuit: the trace explains every sub-condition, not only the decisive one.
                    if (p) passedCount++; else firstFailure ??= r;
                }
                var (passed, reason) = g.Combinator switch
                {
                    Combinator.And => (firstFailure is null, firstFailure),
                    Combinator.Or => (passedCount > 0, passedCount > 0 ? null : $"none of {g.Conditions.Count} conditions passed ({firstFailure})"),
                    _ => (passedCount == 0, passedCount == 0 ? null : "NOT: a negated condition passed"),
                };
                if (g.Conditions.Count == 0 && g.Combinator == Combinator.Or) reason = "empty OR group";
                trace.Add(new ConditionTrace(path, null, g.Combinator.ToString().ToUpperInvariant(), null, null, passed, reason));
                return (passed, reason);
            }
            case RuleReference r:
            {
                var rule = rules?.Find(r.RuleId);
                (bool, string?) result = rule is null ? (false, $"unknown rule '{r.RuleId}'")
                    : depth >= MaxRuleDepth ? (false, $"rule '{r.RuleId}' nests too deeply (cycle?)")
                    : Eval(rule.Condition, ctx, Join(path, $"rule({r.RuleId})"), trace, depth + 1);
                var reason = result.Item1 ? null : rule is null ? result.Item2 : $"rule '{r.RuleId}' failed: {result.Item2}";
                trace.Add(new ConditionTrace(path, null, "rule", JsonValue.Create(r.RuleId), null, result.Item1, reason));
                return (result.Item1, reason);
            }
            case JsonLogicCondition j:
            {
                var value = j.Rule.EvaluateRaw(ctx.LogicRoot);
                var passed = JsValues.Truthy(value);
                var reason = passed ? null : $"JSON Logic {j.Rule.Source?.ToJsonString()} evaluated to {JsValues.ToNode(value)?.ToJsonString() ?? "null"}";
                trace.Add(new ConditionTrace(path, null, "json_logic", j.Rule.Source?.DeepClone(), JsValues.ToNode(value), passed, reason));
                return (passed, reason);
            }
            default:
                return (false, $"unsupported condition {c.GetType().Name}");
        }
    }

    private static string Join(string path, string segment) => path.Length == 0 ? segment : $"{path}.{segment}";

    private static (bool, string?) Compare(FieldCondition f, bool found, JsonNode? actual)
    {
        var op = ConditionOperators.Name(f.Operator);
        switch (f.Operator)
        {
            case ConditionOperator.Exists:
                return found && actual is not null ? (true, null) : (false, $"field '{f.Field}' does not exist");
            case ConditionOperator.IsEmpty:
                var empty = actual switch
                {
                    null => true,
                    JsonArray a => a.Count == 0,
                    JsonObject o => o.Count == 0,
                    JsonValue v => JsonText.Get(v) is { Length: 0 },
                    _ => false,
                };
                return empty ? (true, null) : (false, $"field '{f.Field}' is not empty");
        }
        if (!found) return (false, $"field '{f.Field}' not found");
        var expected = f.Value;
        bool passed;
        switch (f.Operator)
        {
            case ConditionOperator.Equal: passed = JsonEquals(actual, expected); break;
            case ConditionOperator.NotEqual: passed = !JsonEquals(actual, expected); break;
            case ConditionOperator.GreaterThan:
            case ConditionOperator.LessThan:
            case ConditionOperator.GreaterThanOrEqual:
            case ConditionOperator.LessThanOrEqual:
            {
                if (Order(actual, expected) is not { } cmp)
                    return (false, $"field '{f.Field}': cannot compare {Show(actual)} with {Show(expected)}");
                passed = f.Operator switch
                {
                    ConditionOperator.GreaterThan => cmp > 0,
                    ConditionOperator.LessThan => cmp < 0,
                    ConditionOperator.GreaterThanOrEqual => cmp >= 0,
                    _ => cmp <= 0,
                };
                break;
            }
            case ConditionOperator.Between:
            {
                var range = (JsonArray)expected!;
                if (Order(actual, range[0]) is not { } lo || Order(actual, range[1]) is not { } hi)
                    return (false, $"field '{f.Field}': cannot compare {Show(actual)} with {Show(expected)}");
                passed = lo >= 0 && hi <= 0;
                break;
            }
            case ConditionOperator.In:
            case ConditionOperator.NotIn:
            {
                var inList = expected is JsonArray list && list.Any(x => JsonEquals(actual, x));
                passed = f.Operator == ConditionOperator.In ? inList : !inList;
                break;
            }
            case ConditionOperator.Contains:
                passed = actual switch
                {
                    JsonArray a => a.Any(x => JsonEquals(x, expected)),
                    JsonValue v when Str(v) is { } s && Str(expected) is { } e => s.Contains(e, StringComparison.Ordinal),
                    _ => false,
                };
                break;
            case ConditionOperator.StartsWith:
            case ConditionOperator.EndsWith:
            {
                if (Str(actual) is not { } s || Str(expected) is not { } e)
                    return (false, $"field '{f.Field}': {op} needs strings, got {Show(actual)} and {Show(expected)}");
                passed = f.Operator == ConditionOperator.StartsWith
                    ? s.StartsWith(e, StringComparison.Ordinal) : s.EndsWith(e, StringComparison.Ordinal);
                break;
            }
            case ConditionOperator.Matches:
                return Match(f, actual, expected);
            default:
                return (false, $"unsupported operator {op}");
        }
        return passed ? (true, null) : (false, $"field '{f.Field}' = {Show(actual)}: {op} {Show(expected)} is false");
    }

    private static (bool, string?) Match(FieldCondition f, JsonNode? actual, JsonNode? expected)
    {
        if (Str(actual) is not { } s || Str(expected) is not { } pattern)
            return (false, $"field '{f.Field}': matches needs a string and a pattern, got {Show(actual)} and {Show(expected)}");
        Regex regex;
        // Patterns come from definitions, so the cache stays small; the cap only guards against abuse.
        if (RegexCache.Count > 1024) RegexCache.Clear();
        try { regex = RegexCache.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant, RegexTimeout)); }
        catch (ArgumentException e) { return (false, $"invalid pattern '{pattern}': {e.Message}"); }
        try
        {
            return regex.IsMatch(s) ? (true, null) : (false, $"field '{f.Field}' = {Show(actual)} does not match /{pattern}/");
        }
        catch (RegexMatchTimeoutException)
        {
            return (false, $"field '{f.Field}': pattern /{pattern}/ timed out after {RegexTimeout.TotalMilliseconds} ms");
        }
    }

    private static string? Str(JsonNode? n) =>
        JsonText.Get(n);

    private static double? Num(JsonNode? n) => JsonNumber.TryGet(n, out var d) ? d : null;

    /// <summary>Numbers compare numerically, strings ordinally (ISO dates order correctly); else null.</summary>
    private static int? Order(JsonNode? a, JsonNode? b)
    {
        if (Num(a) is { } x && Num(b) is { } y) return x.CompareTo(y);
        if (Str(a) is { } s && Str(b) is { } t) return Math.Sign(string.CompareOrdinal(s, t));
        return null;
    }

    /// <summary>JSON equality where 1 and 1.0 are equal.</summary>
    internal static bool JsonEquals(JsonNode? a, JsonNode? b)
    {
        if (Num(a) is { } x && Num(b) is { } y) return x == y;
        return JsonNode.DeepEquals(a, b);
    }

    private static string Show(JsonNode? n) => n?.ToJsonString() ?? "null";
}
