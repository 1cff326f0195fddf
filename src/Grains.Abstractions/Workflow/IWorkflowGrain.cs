using Orleans.Concurrency;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>A workflow definition and its versions (key = workflow id). Versions are immutable once published.</summary>
/// <remarks>Publishing and analysis may run long (state-space search): their calls wait up to two minutes, not the
/// gateway's short default (docs/CLUSTER.md).</remarks>
public interface IWorkflowGrain : IGrainWithStringKey
{
    /// <summary>Creates version 1 from a definition document (JSON: the net shape or the seeds' shape).</summary>
    /// <param name="definitionJson">The definition.</param>
    /// <param name="tenantId">The owning tenant, if any.</param>
    /// <param name="requireSound">Analyse first and refuse (<c>UNSOUND_WORKFLOW</c>) a definition the analysis does not find sound; by default nothing is analysed (see <see cref="Analyze"/>).</param>
    /// <exception cref="WorkflowException"><c>WORKFLOW_EXISTS</c>, <c>INVALID_DEFINITION</c>, <c>DEFINITION_TOO_LARGE</c> or <c>UNSOUND_WORKFLOW</c>.</exception>
    [ResponseTimeout("00:02:00")]
    Task<WorkflowVersionView> Create(string definitionJson, string? tenantId = null, bool requireSound = false);

    /// <summary>Publishes the next version; tokens already running stay on theirs.</summary>
    [ResponseTimeout("00:02:00")]
    Task<WorkflowVersionView> PublishVersion(string definitionJson, string? tenantId = null, bool requireSound = false);

    /// <summary>
    /// Petri-net analysis of a version (latest when null): reachability, deadlocks, boundedness, liveness and
    /// soundness with witnesses, within the silo's analysis budget (an incomplete report when a budget ends it).
    /// Computed once per version and cached.
    /// </summary>
    /// <param name="version">The version, the latest when null.</param>
    /// <param name="cancellationToken">Stops the analysis when the caller goes away (nothing is cached then).</param>
    [ReadOnly]
    [ResponseTimeout("00:02:00")]
    Task<WorkflowAnalysisView> Analyze(int? version = null, CancellationToken cancellationToken = default);

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
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.WorkflowVersionView")]
public sealed record WorkflowVersionView(
    string WorkflowId, int Version, string DefinitionJson, DateTimeOffset CreatedAt, string? TenantId,
    IReadOnlyList<ValidationIssueView> Warnings);

/// <summary>A validation finding.</summary>
/// <param name="Severity"><c>error</c> or <c>warning</c>.</param>
/// <param name="Code">Stable code, e.g. <c>unknown_place</c>.</param>
/// <param name="Path">Where in the document, e.g. <c>transitions[2].toState</c>.</param>
/// <param name="Message">A readable message.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.ValidationIssueView")]
public sealed record ValidationIssueView(string Severity, string Code, string Path, string Message);

/// <summary>The analysis of one workflow version.</summary>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="Version">The analysed version.</param>
/// <param name="Sound">Soundness verdict (null when it could not be decided within the limits).</param>
/// <param name="Summary">One line per finding, empty when sound.</param>
/// <param name="ReportJson">The full report (the keys of <c>cb analyze --json</c>).</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.WorkflowAnalysisView")]
public sealed record WorkflowAnalysisView(string WorkflowId, int Version, bool? Sound, IReadOnlyList<string> Summary, string ReportJson);
