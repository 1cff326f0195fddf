using CircuitBreaker.Runtime;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>A workflow definition and its versions (key = workflow id). Versions are immutable once published.</summary>
public interface IWorkflowGrain : IGrainWithStringKey
{
    /// <summary>Creates version 1 from a definition document (JSON: the net shape or the seeds' shape).</summary>
    /// <exception cref="WorkflowException"><c>WORKFLOW_EXISTS</c> or <c>INVALID_DEFINITION</c>.</exception>
    Task<WorkflowVersionView> Create(string definitionJson, string? tenantId = null);

    /// <summary>Publishes the next version; tokens already running stay on theirs.</summary>
    Task<WorkflowVersionView> PublishVersion(string definitionJson, string? tenantId = null);

    /// <summary>A version (the latest when <paramref name="version"/> is null), or null when there is none.</summary>
    [ReadOnly]
    Task<WorkflowVersionView?> Get(int? version = null);

    /// <summary>Every version, oldest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<WorkflowVersionView>> ListVersions();
}

/// <summary>One version of a workflow definition.</summary>
/// <param name="WorkflowId">The workflow id.</param>
/// <param name="Version">1, 2, 3, …</param>
/// <param name="DefinitionJson">The normalized definition (net shape) as JSON.</param>
/// <param name="CreatedAt">When this version was published.</param>
/// <param name="TenantId">The owning tenant, or null in single-tenant mode.</param>
/// <param name="Warnings">Validation warnings found when the version was published.</param>
public sealed record WorkflowVersionView(
    string WorkflowId, int Version, string DefinitionJson, DateTimeOffset CreatedAt, string? TenantId,
    IReadOnlyList<ValidationIssueView> Warnings);

/// <summary>A validation finding.</summary>
/// <param name="Severity"><c>error</c> or <c>warning</c>.</param>
/// <param name="Code">Stable code, e.g. <c>unknown_place</c>.</param>
/// <param name="Path">Where in the document, e.g. <c>transitions[2].toState</c>.</param>
/// <param name="Message">A readable message.</param>
public sealed record ValidationIssueView(string Severity, string Code, string Path, string Message);
