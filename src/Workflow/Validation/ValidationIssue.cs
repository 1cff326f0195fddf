namespace CircuitBreaker.Workflow.Validation;

/// <summary>How serious a validation issue is.</summary>
public enum Severity
{
    /// <summary>The definition cannot be used.</summary>
    Error,
    /// <summary>The definition works but is probably not what was meant.</summary>
    Warning,
}

/// <summary>One validation finding, located in the source document.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">Stable code from <see cref="ValidationCodes"/>.</param>
/// <param name="Path">Location, e.g. <c>transitions[2].toState</c>.</param>
/// <param name="Message">What is wrong, e.g. <c>unknown place 'foo'</c>.</param>
public sealed record ValidationIssue(Severity Severity, string Code, string Path, string Message)
{
    /// <summary><c>path: message</c>.</summary>
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Stable validation codes.</summary>
public static class ValidationCodes
{
    /// <summary>The net has no places.</summary>
    public const string EmptyNet = "empty_net";
    /// <summary>An arc, marking or final place names a place that does not exist.</summary>
    public const string UnknownPlace = "unknown_place";
    /// <summary>Two places or two transitions share an id.</summary>
    public const string DuplicateId = "duplicate_id";
    /// <summary>An id is empty.</summary>
    public const string EmptyId = "empty_id";
    /// <summary>The initial marking holds no token.</summary>
    public const string NoInitialMarking = "no_initial_marking";
    /// <summary>An arc weight (or initial token count) is below 1.</summary>
    public const string InvalidWeight = "invalid_weight";
    /// <summary>A transition has no input place.</summary>
    public const string TransitionWithoutInput = "transition_without_input";
    /// <summary>A condition references a rule id that is not known.</summary>
    public const string UnknownRule = "unknown_rule";
    /// <summary>Warning: no firing sequence can put a token in this place.</summary>
    public const string UnreachablePlace = "unreachable_place";
    /// <summary>Warning: this transition can never become enabled.</summary>
    public const string DeadTransition = "dead_transition";
    /// <summary>Warning: no final place is declared, so tokens never complete.</summary>
    public const string NoFinalPlace = "no_final_place";
    /// <summary>Warning: a place's every exit is guarded, so a token whose data fails the guards stays there (see <see cref="GuardedExits"/>).</summary>
    public const string GuardedExitsOnly = "guarded_exits_only";
}

/// <summary>The result of validating a definition.</summary>
/// <param name="Issues">All findings, errors first in document order.</param>
public sealed record ValidationResult(IReadOnlyList<ValidationIssue> Issues)
{
    /// <summary>True when there is no error (warnings allowed).</summary>
    public bool IsValid => Issues.All(i => i.Severity != Severity.Error);

    /// <summary>The errors.</summary>
    public IEnumerable<ValidationIssue> Errors => Issues.Where(i => i.Severity == Severity.Error);

    /// <summary>The warnings.</summary>
    public IEnumerable<ValidationIssue> Warnings => Issues.Where(i => i.Severity == Severity.Warning);
}
