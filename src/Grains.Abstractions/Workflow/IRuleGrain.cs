using Orleans.Concurrency;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>A named rule usable in transition <c>conditions</c> by id (key = rule id).</summary>
public interface IRuleGrain : IGrainWithStringKey
{
    /// <summary>Creates the rule from its JSON form (structured conditions, seed rule types or JSON Logic).</summary>
    Task<RuleView> Create(string ruleJson, string? tenantId = null);

    /// <summary>Replaces the rule, incrementing its version.</summary>
    Task<RuleView> Update(string ruleJson, string? tenantId = null);

    /// <summary>Deletes the rule; false when it did not exist.</summary>
    Task<bool> Delete(string? tenantId = null);

    /// <summary>The rule, or null.</summary>
    [ReadOnly]
    Task<RuleView?> Get();

    /// <summary>Evaluates the rule over data and metadata, with a trace of every sub-condition.</summary>
    [ReadOnly]
    Task<RuleEvaluationView> Evaluate(string dataJson, string? metadataJson = null);
}

/// <summary>A stored rule.</summary>
/// <param name="Id">Rule id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Description">Description.</param>
/// <param name="Version">Increments on update.</param>
/// <param name="Tags">Tags for listing.</param>
/// <param name="RuleJson">The rule's normalized JSON.</param>
/// <param name="TenantId">Owning tenant.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last update.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.RuleView")]
public sealed record RuleView(string Id, string? Name, string? Description, int Version, IReadOnlyList<string> Tags, string RuleJson,
    string? TenantId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The result of evaluating a rule.</summary>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Reason">Why it failed, if it did.</param>
/// <param name="TraceJson">Every sub-condition with field, operator, expected, actual and verdict (a JSON array).</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("cb.RuleEvaluationView")]
public sealed record RuleEvaluationView(bool Passed, string? Reason, string TraceJson);
