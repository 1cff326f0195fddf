using System.Text.Json.Nodes;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.Grains.Workflow;
using CircuitBreaker.Workflow.Serialization;
using CircuitBreaker.Workflow.Validation;
using static CircuitBreaker.Gateway.GraphQL.GraphQLErrorMapping;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>Resolvers of rules: create, update, delete, list by tags, evaluate, and the rules a workflow references.</summary>
public static class RuleResolvers
{
    /// <summary>Adds the resolvers to <paramref name="schema"/>.</summary>
    public static SchemaBuilder AddRuleResolvers(this SchemaBuilder schema) => schema
        .Resolve("Query", "rule", async ctx => await FindAsync(ctx, ctx.Argument<string>("id")))
        .Resolve("Query", "rules", async ctx =>
        {
            var directory = ctx.Services!.GetRequiredService<WorkflowDirectory>();
            var tags = ctx.Argument<List<string>?>("tags") ?? [];
            var first = InputRules.RequirePageSize(ctx.Argument("first", 100));
            var after = ctx.Argument<string?>("after");
            if (tags.Count == 0) return (await directory.ListRulesAsync(null, ctx.Tenant(), first, after, ctx.CancellationToken)).Items;
            // Any of the tags: one index query per tag, merged without duplicates.
            var pages = await Task.WhenAll(tags.Select(t => directory.ListRulesAsync(t, ctx.Tenant(), first, after, ctx.CancellationToken)));
            return pages.SelectMany(p => p.Items).DistinctBy(r => r.Id).OrderByDescending(r => r.CreatedAt).Take(first).ToList();
        })
        .Resolve("Query", "workflowRules", async ctx =>
        {
            var id = ctx.Argument<string>("workflowId");
            var workflow = await WorkflowResolvers.FindAsync(ctx, id, null)
                ?? throw new GraphQLException($"workflow '{id}' not found", WorkflowErrorCodes.WorkflowNotFound);
            var definition = WorkflowSerializer.FromJson(workflow.View.DefinitionJson);
            var ids = definition.Transitions
                .SelectMany((t, i) => t.Conditions.SelectMany((c, j) => WorkflowValidator.RuleReferences(c, $"transitions[{i}].conditions[{j}]")))
                .Select(r => r.RuleId).Distinct().ToList();
            var rules = await Task.WhenAll(ids.Select(r => FindAsync(ctx, r)));
            return rules.Where(r => r is not null).ToList();
        })
        .Resolve("Query", "evaluateRule", async ctx =>
        {
            var id = ctx.Argument<string>("id");
            _ = await FindAsync(ctx, id) ?? throw new GraphQLException($"rule '{id}' not found", WorkflowErrorCodes.RuleNotFound);
            var data = PlainJson.ToJson(ctx.Arguments["data"]) ?? "{}";
            var metadata = ctx.Arguments.TryGetValue("metadata", out var m) ? PlainJson.ToJson(m) : null;
            return await Run(() => ctx.Rule(id).Evaluate(data, metadata));
        })
        .Resolve("Mutation", "createRule", async ctx =>
        {
            var node = RuleDocument(ctx.Input());
            var id = node["id"]?.GetValue<string>() is { } given ? InputRules.RequireId(given, "rule id") : IdSlug.New(node["name"]?.GetValue<string>(), "rule");
            node["id"] = id;
            return await Run(() => ctx.Rule(id).Create(node.ToJsonString(), ctx.Tenant()));
        })
        .Resolve("Mutation", "updateRule", async ctx =>
        {
            var id = InputRules.RequireId(ctx.Argument<string>("id"), "rule id");
            var node = RuleDocument(ctx.Input());
            node["id"] = id;
            return await Run(() => ctx.Rule(id).Update(node.ToJsonString(), ctx.Tenant()));
        })
        .Resolve("Mutation", "deleteRule", async ctx =>
            await Run(() => ctx.Rule(InputRules.RequireId(ctx.Argument<string>("id"), "rule id")).Delete(ctx.Tenant())))
        .Resolve("Rule", "status", _ => "active")
        .Resolve("Rule", "definition", ctx => PlainJson.Parse(((RuleView)ctx.Source!).RuleJson))
        .Resolve("Rule", "condition", ctx => Part(ctx, "condition"))
        .Resolve("Rule", "actions", ctx => Part(ctx, "actions"))
        .Resolve("RuleEvaluation", "trace", ctx => PlainJson.Parse(((RuleEvaluationView)ctx.Source!).TraceJson));

    private static async Task<RuleView?> FindAsync(ResolveContext ctx, string id)
    {
        var view = await ctx.Rule(InputRules.RequireId(id, "rule id")).Get();
        var tenant = ctx.Tenant();
        return view is null || (tenant is not null && view.TenantId != tenant) ? null : view;
    }

    /// <summary>The rule document: the input's fields as JSON (seed 001's <c>type</c> is kept only as metadata of the request).</summary>
    private static JsonObject RuleDocument(IDictionary<string, object?> input)
    {
        var node = PlainJson.ToNode(input) as JsonObject ?? [];
        // A JSON Logic rule is accepted under jsonLogic and stored as the rule's single condition.
        if (node["jsonLogic"] is { } logic && node["condition"] is null)
        {
            node.Remove("jsonLogic");
            node["condition"] = new JsonObject { ["jsonLogic"] = logic };
        }
        return node;
    }

    private static object? Part(ResolveContext ctx, string key) =>
        PlainJson.FromNode((JsonNode.Parse(((RuleView)ctx.Source!).RuleJson) as JsonObject)?[key]);
}
