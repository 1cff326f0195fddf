namespace CircuitBreaker.Grains.Workflow;

/// <summary>Stable grain type and state names of the workflow grains: they are part of the storage keys.</summary>
public static class WorkflowGrainTypes
{
    /// <summary>Workflow definitions.</summary>
    public const string Workflow = "workflow";
    /// <summary>Tokens.</summary>
    public const string Token = "token";
    /// <summary>Named rules.</summary>
    public const string Rule = "rule";
    /// <summary>The state name every workflow grain uses.</summary>
    public const string StateName = "state";
    /// <summary>Stream namespace of per-token events.</summary>
    public const string TokenStream = "token";
    /// <summary>Stream namespace of per-workflow events.</summary>
    public const string WorkflowStream = "workflow";
}
