using CircuitBreaker.Grains;
using CircuitBreaker.Gateway.Security;
using System.Globalization;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.Grains.Llm;
using static CircuitBreaker.Gateway.GraphQL.GraphQLErrorMapping;

namespace CircuitBreaker.Gateway.GraphQL.Llm;

/// <summary>
/// <c>costAnalytics</c>: sums the durable per-day cost records (<see cref="ILlmCostGrain"/>, written by the router after
/// each charged call) of a user or a project over a range of UTC days. With both ids, the user's calls made for that
/// project.
/// </summary>
public static class CostAnalyticsResolver
{
    /// <summary>Longest range, in days (one grain read per scope and month).</summary>
    public const int MaxDays = 366;

    /// <summary>Adds the resolver to <paramref name="schema"/>.</summary>
    public static SchemaBuilder AddCostAnalyticsResolver(this SchemaBuilder schema) => schema
        .Resolve("Query", "costAnalytics", async ctx =>
        {
            var input = ctx.Input();
            var user = Id(input.Text("userId"), "userId");
            var project = Id(input.Text("projectId"), "projectId");
            if (user is null && project is null) throw InvalidInput("costAnalytics needs a userId, a projectId or both");
            var start = Day(input.Text("startDate"), "startDate");
            var end = Day(input.Text("endDate"), "endDate");
            if (end < start) throw InvalidInput($"endDate {end:yyyy-MM-dd} is before startDate {start:yyyy-MM-dd}");
            if (end.DayNumber - start.DayNumber + 1 > MaxDays) throw InvalidInput($"the range may cover at most {MaxDays} days");

            // The user's record already holds only the user's calls; the project filters it when both are given.
            // Cost records are the caller's tenant's (TenantKeys); the project filter compares the scoped id.
            var tenant = ctx.Tenant();
            var scope = TenantKeys.Of(tenant, user is not null ? "user:" + user : "project:" + project);
            var scopedProject = project is null ? null : TenantKeys.Of(tenant, "project:" + project)["project:".Length..];
            var months = new List<DateOnly>();
            for (var m = new DateOnly(start.Year, start.Month, 1); m <= end; m = m.AddMonths(1)) months.Add(m);
            var records = await Task.WhenAll(months.Select(m => ctx.Grains().GetGrain<ILlmCostGrain>(LlmCostKeys.Of(scope, m)).GetDays()));
            var (from, to) = (LlmCostKeys.Day(start), LlmCostKeys.Day(end));
            var days = records.SelectMany(r => r)
                .Where(d => string.CompareOrdinal(d.Day, from) >= 0 && string.CompareOrdinal(d.Day, to) <= 0)
                .Select(d => (d.Day, Rows: d.Rows.Where(r => project is null || r.ProjectId == scopedProject).ToList()))
                .Where(d => d.Rows.Count > 0)
                .OrderBy(d => d.Day, StringComparer.Ordinal)
                .ToList();
            var rows = days.SelectMany(d => d.Rows).ToList();
            var cost = rows.Sum(r => r.Cost);
            var prompt = rows.Sum(r => r.PromptTokens);
            var completion = rows.Sum(r => r.CompletionTokens);
            var byModel = rows.GroupBy(r => (r.Provider, r.Model)).OrderBy(g => g.Key.Provider, StringComparer.Ordinal).ThenBy(g => g.Key.Model, StringComparer.Ordinal).ToList();
            return new Dictionary<string, object?>
            {
                ["userId"] = user,
                ["projectId"] = project,
                ["totalCost"] = (double)cost,
                ["totalTokens"] = prompt + completion,
                ["promptTokens"] = prompt,
                ["completionTokens"] = completion,
                ["requestCount"] = rows.Sum(r => r.Requests),
                ["averageCostPerToken"] = prompt + completion == 0 ? 0d : (double)(cost / (prompt + completion)),
                ["providerBreakdown"] = rows.GroupBy(r => r.Provider).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => (object?)(double)g.Sum(r => r.Cost)),
                ["modelBreakdown"] = byModel.ToDictionary(g => g.Key.Provider + "/" + g.Key.Model, g => (object?)(double)g.Sum(r => r.Cost)),
                ["dailyCosts"] = days.ToDictionary(d => d.Day, d => (object?)(double)d.Rows.Sum(r => r.Cost)),
                ["breakdown"] = byModel.Select(g => new Dictionary<string, object?>
                {
                    ["provider"] = g.Key.Provider,
                    ["model"] = g.Key.Model,
                    ["totalCost"] = (double)g.Sum(r => r.Cost),
                    ["requestCount"] = g.Sum(r => r.Requests),
                    ["promptTokens"] = g.Sum(r => r.PromptTokens),
                    ["completionTokens"] = g.Sum(r => r.CompletionTokens),
                }).ToList(),
                ["days"] = days.Select(d => new Dictionary<string, object?>
                {
                    ["date"] = d.Day,
                    ["totalCost"] = (double)d.Rows.Sum(r => r.Cost),
                    ["requestCount"] = d.Rows.Sum(r => r.Requests),
                    ["totalTokens"] = d.Rows.Sum(r => r.PromptTokens + r.CompletionTokens),
                }).ToList(),
                ["periodStart"] = from,
                ["periodEnd"] = to,
            };
        });

    private static string? Id(string? id, string what) => id switch
    {
        null or "" => null,
        { Length: > 200 } => throw InvalidInput($"{what} must be at most 200 characters"),
        _ => id,
    };

    // A date or a date-time (ISO 8601); a date-time counts by its UTC day.
    private static DateOnly Day(string? text, string what)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return DateOnly.FromDateTime(at.UtcDateTime);
        throw InvalidInput($"{what} '{text}' is not an ISO 8601 date or date-time");
    }
}
