using System.Text.Json.Nodes;

namespace CircuitBreaker.Workflow.Rules;

/// <summary>One evaluated sub-condition, for explanations.</summary>
/// <param name="Path">Position in the condition tree (e.g. <c>conditions[1].conditions[0]</c>).</param>
/// <param name="Field">The field, for field conditions.</param>
/// <param name="Operator">The operator (<c>greater_than</c>, <c>AND</c>, <c>json_logic</c>, <c>rule</c>).</param>
/// <param name="Expected">The expected value.</param>
/// <param name="Actual">The actual value found (null when missing).</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Reason">Why it failed (or a short note), null when it passed plainly.</param>
public sealed record ConditionTrace(
    string Path, string? Field, string? Operator, JsonNode? Expected, JsonNode? Actual, bool Passed, string? Reason);

/// <summary>The result of evaluating a condition or rule.</summary>
/// <param name="Passed">Whether the whole condition passed.</param>
/// <param name="Reason">Why it failed (the first failing leaf's reason), null when it passed.</param>
/// <param name="Trace">Every evaluated sub-condition, depth first (children before their group).</param>
public sealed record ConditionResult(bool Passed, string? Reason, IReadOnlyList<ConditionTrace> Trace);
