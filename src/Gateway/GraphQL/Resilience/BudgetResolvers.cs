using CircuitBreaker.Grains;
using CircuitBreaker.Gateway.Security;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.Grains.Resilience;
using CircuitBreaker.Resilience.Budget;
using static CircuitBreaker.Gateway.GraphQL.Resilience.ResilienceErrors;

namespace CircuitBreaker.Gateway.GraphQL.Resilience;

/// <summary>
/// Resolvers of the seed's budget surface over the budget grains: <c>userId</c> is scope <c>user:{userId}</c> and
/// <c>projectId</c> scope <c>project:{projectId}</c>, the scopes the LLM router charges (request <c>user</c>, project).
/// </summary>
public static class BudgetResolvers
{
    private static readonly (string Field, string Period)[] SeedLimits = [("dailyLimit", "daily"), ("weeklyLimit", "weekly"), ("monthlyLimit", "monthly")];

    /// <summary>Adds the resolvers to <paramref name="schema"/>.</summary>
    public static SchemaBuilder AddBudgetResolvers(this SchemaBuilder schema) => schema
        .Resolve("Query", "budgetStatus", async ctx =>
        {
            var scopes = Scopes(ctx.Argument<string?>("userId"), ctx.Argument<string?>("projectId"), ctx.Tenant());
            var views = await Task.WhenAll(scopes.Select(s => ctx.Grains().GetGrain<ILlmBudgetGrain>(s).GetStatus()));
            return new BudgetStatusModel([.. views.Select(v => Named(ctx, v))]);
        })
        .Resolve("Mutation", "setBudget", async ctx =>
        {
            var input = ctx.Input();
            var scopes = Scopes(input.Text("userId"), input.Text("projectId"), ctx.Tenant());
            var (limits, threshold, enforcement) = Changes(input);
            var views = new List<BudgetStatusView>();
            foreach (var scope in scopes)
            {
                var grain = ctx.Grains().GetGrain<ILlmBudgetGrain>(scope);
                BudgetStatusView? last = null;
                foreach (var (period, limit) in limits)
                    last = (BudgetStatusView)(await Run(() => grain.SetBudget(limit, period, threshold, enforcement)))!;
                views.Add(Named(ctx, last!));
            }
            return new BudgetStatusModel(views);
        });

    /// <summary>
    /// The budget grain keys named by a user and/or project id of <paramref name="tenant"/> (see <see cref="TenantKeys"/>),
    /// user first; <c>INVALID_INPUT</c> when neither is given.
    /// </summary>
    public static IReadOnlyList<string> Scopes(string? userId, string? projectId, string? tenant)
    {
        var scopes = new List<string>(2);
        if (userId is not null) scopes.Add(TenantKeys.Of(tenant, "user:" + InputRules.RequireId(userId, "userId")));
        if (projectId is not null) scopes.Add(TenantKeys.Of(tenant, "project:" + InputRules.RequireId(projectId, "projectId")));
        return scopes.Count > 0 ? scopes : throw Invalid("BUDGET_SCOPE_REQUIRED", "give userId, projectId or both");
    }

    private static BudgetStatusView Named(ResolveContext ctx, BudgetStatusView view) => view with { BudgetId = TenantKeys.NameOf(ctx.Tenant(), view.BudgetId) };

    /// <summary>
    /// The limits to set (period → limit, null = unlimited), threshold and enforcement of a <c>setBudget</c> input,
    /// checked up front with the budget's own validation so no scope is changed when any value is bad.
    /// </summary>
    private static (List<(string Period, decimal? Limit)> Limits, decimal? Threshold, string? Enforcement) Changes(IDictionary<string, object?> input)
    {
        var limits = new List<(string Period, decimal? Limit)>();
        var seedShape = SeedLimits.Where(s => input.Has(s.Field)).ToList();
        if (input.Has("limit") || input.Has("period"))
        {
            if (seedShape.Count > 0) throw Invalid("BUDGET_LIMIT_AMBIGUOUS", "give either limit and period, or dailyLimit/weeklyLimit/monthlyLimit");
            var period = input.Text("period") ?? throw Invalid("BUDGET_PERIOD_REQUIRED", "period (daily, weekly or monthly) is required with limit");
            if (!input.Has("limit")) throw Invalid("BUDGET_LIMIT_REQUIRED", "limit is required with period (null removes the period's limit)");
            limits.Add((period, input.Money("limit")));
        }
        limits.AddRange(seedShape.Select(s => (s.Period, input.Money(s.Field))));
        if (limits.Count == 0)
            throw Invalid("BUDGET_LIMIT_REQUIRED", "give limit and period, or dailyLimit/weeklyLimit/monthlyLimit");

        var threshold = input.Money("warningThreshold") ?? input.Money("alertThreshold");
        var enforcement = input.Text("enforcement");
        var candidate = new BudgetConfig();
        foreach (var (period, limit) in limits)
            candidate = BudgetMapping.WithLimit(candidate, ToPeriod(period), limit);
        if (threshold is { } t) candidate = candidate with { WarningThreshold = t };
        if (enforcement is not null) candidate = candidate with { Enforcement = ToEnforcement(enforcement) };
        ThrowIfAny(candidate.Validate());
        return (limits, threshold, enforcement);
    }

    private static BudgetPeriodKind ToPeriod(string period)
    {
        try { return BudgetMapping.ToPeriod(period); }
        catch (ResilienceException ex) { throw Invalid(ex.Code, ex.Message); }
    }

    private static BudgetEnforcement ToEnforcement(string enforcement)
    {
        try { return BudgetMapping.ToEnforcement(enforcement); }
        catch (ResilienceException ex) { throw Invalid(ex.Code, ex.Message); }
    }
}
