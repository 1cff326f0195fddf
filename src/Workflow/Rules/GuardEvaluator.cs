using CircuitBreaker.Workflow.Net;

namespace CircuitBreaker.Workflow.Rules;

/// <summary>The outcome of a transition's guard.</summary>
/// <param name="Passed">True when every condition passed.</param>
/// <param name="FailedIndex">Index of the first failing condition in <c>conditions</c>, or -1.</param>
/// <param name="Reason">The failing condition's reason, prefixed with its location.</param>
/// <param name="Trace">The traces of every evaluated condition.</param>
public sealed record GuardResult(bool Passed, int FailedIndex, string? Reason, IReadOnlyList<ConditionTrace> Trace);

/// <summary>Evaluates a transition's guard: all of its conditions must pass (rule ids, structured, JSON Logic).</summary>
public sealed class GuardEvaluator(IRuleResolver? rules = null)
{
    private readonly ConditionEvaluator _evaluator = new(rules);

    /// <summary>Evaluates the guard of <paramref name="transition"/>; stops at the first failing condition.</summary>
    public GuardResult Evaluate(Transition transition, EvaluationContext context)
    {
        var trace = new List<ConditionTrace>();
        for (var i = 0; i < transition.Conditions.Count; i++)
        {
            var r = _evaluator.Evaluate(transition.Conditions[i], context);
            trace.AddRange(r.Trace.Select(t => t with { Path = t.Path.Length == 0 ? $"conditions[{i}]" : $"conditions[{i}].{t.Path}" }));
            if (!r.Passed) return new GuardResult(false, i, $"conditions[{i}]: {r.Reason}", trace);
        }
        return new GuardResult(true, -1, null, trace);
    }
}
