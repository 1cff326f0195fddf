using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans;
using Orleans.Runtime;
using Orleans.Metadata;
using CircuitBreaker.Storage;
using CircuitBreaker.Workflow;
using CircuitBreaker.Workflow.Rules;
using CircuitBreaker.Workflow.Serialization;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>Persisted state of a <see cref="RuleGrain"/>.</summary>
public sealed class RuleGrainState : StateWithSideWrites
{
    /// <summary>The stored rule, or null when deleted or never created.</summary>
    public RuleView? Rule { get; set; }
}

/// <summary>Owns one named rule; evaluates it with a trace for explanations.</summary>
[GrainType(WorkflowGrainTypes.Rule)]
public sealed class RuleGrain(
    [PersistentState(WorkflowGrainTypes.StateName)] IPersistentState<RuleGrainState> state,
    IServiceProvider services) : Grain, IRuleGrain
{
    private static readonly JsonSerializerOptions TraceJson = new(JsonSerializerDefaults.Web);
    private readonly TimeProvider _clock = services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
    private Rule? _parsed;

    /// <inheritdoc />
    public async Task<RuleView> Create(string ruleJson, string? tenantId = null)
    {
        if (TenantKeys.OwnedName(tenantId, this.GetPrimaryKeyString()) is null)
            throw new WorkflowException(WorkflowErrorCodes.InvalidInput, $"rule key '{this.GetPrimaryKeyString()}' is not one of tenant '{tenantId}''s keys");
        if (state.State.Rule is not null)
            throw new WorkflowException(WorkflowErrorCodes.RuleExists, $"rule '{TenantKeys.NameOf(tenantId, this.GetPrimaryKeyString())}' exists already");
        var now = _clock.GetUtcNow();
        return await Save(ruleJson, 1, tenantId, now, now);
    }

    /// <inheritdoc />
    public async Task<RuleView> Update(string ruleJson, string? tenantId = null)
    {
        var current = Owned(tenantId);
        return await Save(ruleJson, current.Version + 1, current.TenantId, current.CreatedAt, _clock.GetUtcNow());
    }

    /// <inheritdoc />
    public async Task<bool> Delete(string? tenantId = null)
    {
        if (state.State.Rule is null || (tenantId is not null && state.State.Rule.TenantId != tenantId)) return false;
        await state.ClearStateAsync();
        _parsed = null;
        return true;
    }

    /// <inheritdoc />
    public Task<RuleView?> Get() => Task.FromResult(state.State.Rule);

    /// <inheritdoc />
    public Task<RuleEvaluationView> Evaluate(string dataJson, string? metadataJson = null)
    {
        var rule = Parsed();
        var context = EvaluationContext.ForData(JsonObjects.Parse(dataJson, "data"), metadataJson is null ? null : JsonObjects.Parse(metadataJson, "metadata"));
        var result = new ConditionEvaluator().Evaluate(rule, context);
        return Task.FromResult(new RuleEvaluationView(result.Passed, result.Reason, JsonSerializer.Serialize(result.Trace, TraceJson)));
    }

    private async Task<RuleView> Save(string ruleJson, int version, string? tenantId, DateTimeOffset createdAt, DateTimeOffset now)
    {
        var node = JsonObjects.Parse(ruleJson, "rule");
        node["id"] = TenantKeys.NameOf(tenantId, this.GetPrimaryKeyString());
        node["version"] = version;
        Rule rule;
        try
        {
            // Only what is submitted is checked: stored rules are parsed without it, so old ones keep loading.
            ConditionFields.CheckRule(node);
            rule = RuleParser.Parse(node);
        }
        catch (WorkflowFormatException ex) when (ex.Code == DefinitionFields.UnknownField)
        {
            throw new WorkflowException(WorkflowErrorCodes.UnknownField, ex.Message);
        }
        catch (WorkflowFormatException ex)
        {
            throw new WorkflowException(WorkflowErrorCodes.InvalidInput, $"rule {ex.Path}: {ex.Detail}".Replace("rule : ", "rule: "));
        }
        var view = new RuleView(rule.Id, rule.Name, rule.Description, version, rule.Tags, RuleParser.ToJson(rule).ToJsonString(),
            tenantId, createdAt, now);
        var previous = state.State.Rule;
        state.State.Rule = view;
        try
        {
            await state.WriteStateAsync([], new IndexEntry(tenantId ?? "", "active", rule.Tags, createdAt));
        }
        catch
        {
            state.State.Rule = previous;
            throw;
        }
        _parsed = rule;
        return view;
    }

    private RuleView Owned(string? tenantId)
    {
        var rule = state.State.Rule;
        if (rule is null || (tenantId is not null && rule.TenantId != tenantId))
            throw new WorkflowException(WorkflowErrorCodes.RuleNotFound, $"rule '{rule?.Id ?? TenantKeys.NameOf(tenantId, this.GetPrimaryKeyString())}' not found");
        return rule;
    }

    private Rule Parsed() => _parsed ??= RuleParser.Parse(JsonNode.Parse(Owned(null).RuleJson));
}
