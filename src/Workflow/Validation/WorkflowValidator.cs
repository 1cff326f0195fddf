using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Rules;

namespace CircuitBreaker.Workflow.Validation;

/// <summary>
/// Checks a definition's structure. Locations use the source document's paths when the definition was
/// loaded (e.g. <c>activities[1].fromStates[0]</c>), otherwise the canonical ones.
/// </summary>
public static class WorkflowValidator
{
    /// <summary>Validates <paramref name="definition"/>.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="isKnownRule">Tells whether a rule id exists; when null, rule references are not checked.</param>
    public static ValidationResult Validate(WorkflowDefinition definition, Func<string, bool>? isKnownRule = null)
    {
        var issues = new List<ValidationIssue>();
        void Error(string code, string path, string message) => issues.Add(new(Severity.Error, code, path, message));
        void Warn(string code, string path, string message) => issues.Add(new(Severity.Warning, code, path, message));

        if (definition.Places.Count == 0) Error(ValidationCodes.EmptyNet, "places", "the net has no places");

        var places = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Places.Count; i++)
        {
            var p = definition.Places[i];
            var path = p.Source ?? $"places[{i}]";
            if (string.IsNullOrWhiteSpace(p.Id)) Error(ValidationCodes.EmptyId, path, "place id is empty");
            else if (!places.Add(p.Id)) Error(ValidationCodes.DuplicateId, path, $"duplicate place id '{p.Id}'");
        }

        void CheckArc(Arc arc, string path)
        {
            if (!places.Contains(arc.Place)) Error(ValidationCodes.UnknownPlace, arc.Source ?? path, $"unknown place '{arc.Place}'");
            if (arc.Weight < 1) Error(ValidationCodes.InvalidWeight, arc.Source ?? path, $"weight {arc.Weight} is below 1");
        }

        var transitionIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Transitions.Count; i++)
        {
            var t = definition.Transitions[i];
            var path = t.Source ?? $"transitions[{i}]";
            if (string.IsNullOrWhiteSpace(t.Id)) Error(ValidationCodes.EmptyId, $"{path}.id", "transition id is empty");
            else if (!transitionIds.Add(t.Id)) Error(ValidationCodes.DuplicateId, $"{path}.id", $"duplicate transition id '{t.Id}'");
            if (t.Inputs.Count == 0 && t.AnyOf.Count == 0)
                Error(ValidationCodes.TransitionWithoutInput, path, $"transition '{t.Id}' has no input place");
            for (var a = 0; a < t.Inputs.Count; a++) CheckArc(t.Inputs[a], $"{path}.inputs[{a}]");
            for (var a = 0; a < t.AnyOf.Count; a++) CheckArc(t.AnyOf[a], $"{path}.fromStates[{a}]");
            for (var a = 0; a < t.Outputs.Count; a++) CheckArc(t.Outputs[a], $"{path}.outputs[{a}]");
            if (isKnownRule is not null)
                for (var c = 0; c < t.Conditions.Count; c++)
                    foreach (var (rulePath, id) in RuleReferences(t.Conditions[c], $"{path}.conditions[{c}]"))
                        if (!isKnownRule(id)) Error(ValidationCodes.UnknownRule, rulePath, $"unknown rule '{id}'");
        }

        var initialTokens = 0;
        for (var i = 0; i < definition.InitialMarking.Count; i++)
        {
            var arc = definition.InitialMarking[i];
            var path = arc.Source ?? $"initialMarking.{arc.Place}";
            if (!places.Contains(arc.Place)) Error(ValidationCodes.UnknownPlace, path, $"unknown place '{arc.Place}'");
            if (arc.Weight < 1) Error(ValidationCodes.InvalidWeight, path, $"token count {arc.Weight} is below 1");
            else initialTokens += arc.Weight;
        }
        if (initialTokens == 0) Error(ValidationCodes.NoInitialMarking, "initialMarking", "no initial marking: no place holds a token at start");

        for (var i = 0; i < definition.FinalPlaces.Count; i++)
            if (!places.Contains(definition.FinalPlaces[i]))
                Error(ValidationCodes.UnknownPlace, $"finalPlaces[{i}]", $"unknown place '{definition.FinalPlaces[i]}'");
        if (definition.FinalPlaces.Count == 0 && definition.Places.Count > 0)
            Warn(ValidationCodes.NoFinalPlace, "finalPlaces", "no final place: tokens never complete");

        if (issues.All(x => x.Severity != Severity.Error))
        {
            AddReachabilityWarnings(definition, Warn);
            foreach (var exit in GuardedExits.Find(definition))
                Warn(ValidationCodes.GuardedExitsOnly, definition.Places.First(p => p.Id == exit.Place).Source ?? $"places[{definition.Places.FindIndex(p => p.Id == exit.Place)}]", exit.Message);
        }
        return new ValidationResult(issues.OrderBy(x => x.Severity).ToList());
    }

    /// <summary>Rule ids referenced (also inside groups) with their locations.</summary>
    public static IEnumerable<(string Path, string RuleId)> RuleReferences(Condition condition, string path) => condition switch
    {
        RuleReference r => [(path, r.RuleId)],
        GroupCondition g => g.Conditions.SelectMany((c, i) => RuleReferences(c, $"{path}.conditions[{i}]")),
        _ => [],
    };

    /// <summary>
    /// Structural reachability: ignoring weights and guards, a transition can fire once all its input
    /// places (and one of its alternatives) are reachable; its outputs then become reachable.
    /// </summary>
    private static void AddReachabilityWarnings(WorkflowDefinition d, Action<string, string, string> warn)
    {
        var reached = new HashSet<string>(d.InitialMarking.Where(a => a.Weight > 0).Select(a => a.Place), StringComparer.Ordinal);
        var fired = new bool[d.Transitions.Count];
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < d.Transitions.Count; i++)
            {
                var t = d.Transitions[i];
                if (fired[i] || !t.Inputs.All(a => reached.Contains(a.Place)) ||
                    (t.AnyOf.Count > 0 && !t.AnyOf.Any(a => reached.Contains(a.Place)))) continue;
                fired[i] = changed = true;
                foreach (var o in t.Outputs) reached.Add(o.Place);
            }
        }
        for (var i = 0; i < d.Places.Count; i++)
            if (!reached.Contains(d.Places[i].Id))
                warn(ValidationCodes.UnreachablePlace, d.Places[i].Source ?? $"places[{i}]", $"place '{d.Places[i].Id}' is unreachable from the initial marking");
        for (var i = 0; i < d.Transitions.Count; i++)
            if (!fired[i])
                warn(ValidationCodes.DeadTransition, d.Transitions[i].Source ?? $"transitions[{i}]", $"transition '{d.Transitions[i].Id}' can never fire");
    }
}
