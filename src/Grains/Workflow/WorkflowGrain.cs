using Orleans;
using Orleans.Runtime;
using Orleans.Metadata;
using CircuitBreaker.Storage;
using CircuitBreaker.Workflow.Analysis.Exploration;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Rules;
using CircuitBreaker.Workflow.Serialization;
using CircuitBreaker.Workflow.Validation;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>Persisted state of a <see cref="WorkflowGrain"/>.</summary>
public sealed class WorkflowGrainState : StateWithSideWrites
{
    /// <summary>Every published version, oldest first.</summary>
    public List<WorkflowVersionView> Versions { get; set; } = [];
    /// <summary>The owning tenant.</summary>
    public string? TenantId { get; set; }
}

/// <summary>Owns a workflow's definition versions; validates each one (rule references included) before publishing.</summary>
[GrainType(WorkflowGrainTypes.Workflow)]
public sealed class WorkflowGrain(
    [PersistentState(WorkflowGrainTypes.StateName)] IPersistentState<WorkflowGrainState> state,
    IServiceProvider services) : Grain, IWorkflowGrain
{
    private readonly TimeProvider _clock = services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
    private readonly AnalysisBudget _budget = services.GetService(typeof(AnalysisBudget)) as AnalysisBudget ?? new AnalysisBudget();
    private readonly DefinitionLimits _limits = services.GetService(typeof(DefinitionLimits)) as DefinitionLimits ?? new DefinitionLimits();
    // Versions are immutable, so their analyses can be kept for the life of the activation.
    private readonly Dictionary<int, WorkflowAnalysisView> _analyses = [];

    /// <inheritdoc />
    public Task<WorkflowVersionView> Create(string definitionJson, string? tenantId = null, bool requireSound = false)
    {
        if (TenantKeys.OwnedName(tenantId, this.GetPrimaryKeyString()) is null)
            throw new WorkflowException(WorkflowErrorCodes.InvalidInput, $"workflow key '{this.GetPrimaryKeyString()}' is not one of tenant '{tenantId}''s keys");
        if (state.State.Versions.Count > 0)
            throw new WorkflowException(WorkflowErrorCodes.WorkflowExists, $"workflow '{Name(tenantId)}' exists already");
        return Publish(definitionJson, tenantId, requireSound);
    }

    /// <inheritdoc />
    public Task<WorkflowVersionView> PublishVersion(string definitionJson, string? tenantId = null, bool requireSound = false)
    {
        if (state.State.Versions.Count == 0 || !TenantMatches(tenantId))
            throw NotFound();
        // A version belongs to the workflow's owner, whoever publishes it (an administrator acts without a tenant).
        return Publish(definitionJson, state.State.TenantId, requireSound);
    }

    /// <inheritdoc />
    public Task<WorkflowAnalysisView> Analyze(int? version = null, CancellationToken cancellationToken = default)
    {
        var view = (version is null ? state.State.Versions.LastOrDefault() : state.State.Versions.FirstOrDefault(v => v.Version == version))
            ?? throw (version is null ? NotFound() : new WorkflowException(WorkflowErrorCodes.WorkflowNotFound,
                $"workflow '{Name(state.State.TenantId)}' has no version {version}"));
        lock (_analyses)
        {
            if (_analyses.TryGetValue(view.Version, out var cached)) return Task.FromResult(cached);
        }
        var analysis = WorkflowAnalysis.Analyze(WorkflowSerializer.FromJson(view.DefinitionJson), _budget, cancellationToken);
        lock (_analyses) _analyses[view.Version] = analysis;
        return Task.FromResult(analysis);
    }

    /// <inheritdoc />
    public Task<WorkflowVersionView?> Get(int? version = null)
    {
        var versions = state.State.Versions;
        var found = version is null ? versions.LastOrDefault() : versions.FirstOrDefault(v => v.Version == version);
        return Task.FromResult(found);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowVersionView>> ListVersions() =>
        Task.FromResult<IReadOnlyList<WorkflowVersionView>>([.. state.State.Versions]);

    private async Task<WorkflowVersionView> Publish(string definitionJson, string? tenantId, bool requireSound)
    {
        var id = Name(tenantId);
        var version = state.State.Versions.Count + 1;
        var definition = DefinitionDocument.Parse(definitionJson, id, version);
        var knownRules = await KnownRulesAsync(definition, tenantId);

        if (_limits.Violation(definition) is { } tooLarge)
            throw new WorkflowException(WorkflowErrorCodes.DefinitionTooLarge, tooLarge);
        var result = WorkflowValidator.Validate(definition, knownRules.Contains);
        if (!result.IsValid) throw DefinitionDocument.Invalid(result);

        // Only a caller who asks for soundness waits for the analysis; the others get it from Analyze when they want it.
        WorkflowAnalysisView? analysis = null;
        if (requireSound)
        {
            analysis = WorkflowAnalysis.Analyze(definition, _budget);
            if (analysis.Sound != true)
                throw new WorkflowException(WorkflowErrorCodes.UnsoundWorkflow,
                    $"workflow '{id}' is not sound: {string.Join("; ", analysis.Summary)}");
        }
        var now = _clock.GetUtcNow();
        var view = new WorkflowVersionView(id, version, WorkflowSerializer.ToJson(definition), now, tenantId,
            [.. result.Warnings.Select(DefinitionDocument.View)]);
        var previousTenant = state.State.TenantId;
        state.State.Versions.Add(view);
        state.State.TenantId = tenantId;
        try
        {
            var created = state.State.Versions[0].CreatedAt;
            await state.WriteStateAsync([],
                new IndexEntry(tenantId ?? "", "active", [], created));
        }
        catch
        {
            state.State.Versions.RemoveAt(state.State.Versions.Count - 1);
            state.State.TenantId = previousTenant;
            throw;
        }
        if (analysis is not null) lock (_analyses) _analyses[version] = analysis;
        return view;
    }

    private async Task<HashSet<string>> KnownRulesAsync(WorkflowDefinition definition, string? tenantId)
    {
        var referenced = definition.Transitions
            .SelectMany((t, i) => t.Conditions.SelectMany((c, j) => WorkflowValidator.RuleReferences(c, $"transitions[{i}].conditions[{j}]")))
            .Select(r => r.RuleId).Distinct().ToList();
        var found = await Task.WhenAll(referenced.Select(async r => (Id: r, Rule: await GrainFactory.GetGrain<IRuleGrain>(TenantKeys.Of(tenantId, r)).Get())));
        return [.. found.Where(f => f.Rule is not null).Select(f => f.Id)];
    }

    private bool TenantMatches(string? tenantId) => tenantId is null || state.State.TenantId == tenantId;

    private WorkflowException NotFound() => new(WorkflowErrorCodes.WorkflowNotFound, $"workflow '{Name(state.State.TenantId)}' not found");

    /// <summary>The workflow's id as its owner <paramref name="tenantId"/> names it (the grain key carries the tenant).</summary>
    private string Name(string? tenantId) => TenantKeys.NameOf(tenantId, this.GetPrimaryKeyString());
}
