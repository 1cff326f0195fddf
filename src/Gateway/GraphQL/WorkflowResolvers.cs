using System.Text.Json.Nodes;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.Grains.Workflow;
using CircuitBreaker.Workflow;
using CircuitBreaker.Workflow.Serialization;
using CircuitBreaker.Workflow.Validation;
using static CircuitBreaker.Gateway.GraphQL.GraphQLErrorMapping;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>Resolvers of workflow definitions: create, publish, list, validate, analyse.</summary>
public static class WorkflowResolvers
{
    /// <summary>Adds the resolvers to <paramref name="schema"/>.</summary>
    public static SchemaBuilder AddWorkflowResolvers(this SchemaBuilder schema) => schema
        .Resolve("Query", "workflows", async ctx => (await ListAsync(ctx)).Items.Select(v => new WorkflowModel(v)).ToList())
        .Resolve("Query", "workflowsConnection", async ctx =>
        {
            var page = await ListAsync(ctx);
            return new Dictionary<string, object?>
            {
                ["nodes"] = page.Items.Select(v => new WorkflowModel(v)).ToList(),
                ["pageInfo"] = new Dictionary<string, object?> { ["hasNextPage"] = page.HasNextPage, ["endCursor"] = page.EndCursor },
            };
        })
        .Resolve("Query", "workflow", async ctx => await FindAsync(ctx, ctx.Argument<string>("id"), ctx.Argument<int?>("version")))
        .Resolve("Query", "validateWorkflow", ctx => Validate(ctx.Input(), ctx.Services!.GetRequiredService<GatewaySettings>().Definitions))
        .Resolve("Query", "analyzeWorkflow", async ctx =>
        {
            var id = ctx.Argument<string>("id");
            var version = ctx.Argument<int?>("version");
            _ = await FindAsync(ctx, id, version) ?? throw new GraphQLException($"workflow '{id}' not found", WorkflowErrorCodes.WorkflowNotFound);
            return await Run(() => ctx.Workflow(id).Analyze(version, ctx.CancellationToken));
        })
        .Resolve("Mutation", "createWorkflow", async ctx =>
        {
            var input = ctx.Input();
            var (json, requireSound) = Definition(input);
            var id = input.Text("id") is { } given ? InputRules.RequireId(given, "workflow id") : IdSlug.New(input.Text("name"), "workflow");
            return new WorkflowModel((WorkflowVersionView)(await Run(() => ctx.Workflow(id).Create(json, ctx.Tenant(), requireSound)))!);
        })
        .Resolve("Mutation", "publishWorkflowVersion", async ctx =>
        {
            var id = ctx.Argument<string>("id");
            _ = await FindAsync(ctx, id, null) ?? throw new GraphQLException($"workflow '{id}' not found", WorkflowErrorCodes.WorkflowNotFound);
            var (json, requireSound) = Definition(ctx.Input());
            return new WorkflowModel((WorkflowVersionView)(await Run(() => ctx.Workflow(id).PublishVersion(json, ctx.Tenant(), requireSound)))!);
        })
        .Resolve("Workflow", "initialMarking", ctx => ((WorkflowModel)ctx.Source!).InitialMarkingJson)
        .Resolve("Workflow", "versions", async ctx =>
        {
            var model = (WorkflowModel)ctx.Source!;
            var versions = await ctx.Workflow(model.View).ListVersions();
            return versions.Select(v => new WorkflowModel(v)).ToList();
        })
        .Resolve("Workflow", "analysis", async ctx =>
        {
            var model = (WorkflowModel)ctx.Source!;
            return await Run(() => ctx.Workflow(model.View).Analyze(model.Version, ctx.CancellationToken));
        })
        .Resolve("Workflow", "tokens", async ctx =>
        {
            var model = (WorkflowModel)ctx.Source!;
            return (await TokenResolvers.ListAsync(ctx, model.Id, model.View.TenantId)).Items;
        })
        .Resolve("WorkflowAnalysis", "report", ctx => PlainJson.Parse(((WorkflowAnalysisView)ctx.Source!).ReportJson));

    /// <summary>A workflow version visible to the caller, or null.</summary>
    public static async Task<WorkflowModel?> FindAsync(ResolveContext ctx, string id, int? version)
    {
        var view = await ctx.Workflow(InputRules.RequireId(id, "workflow id")).Get(version);
        var tenant = ctx.Tenant();
        return view is null || (tenant is not null && view.TenantId != tenant) ? null : new WorkflowModel(view);
    }

    private static Task<Page<WorkflowVersionView>> ListAsync(ResolveContext ctx) =>
        ctx.Services!.GetRequiredService<WorkflowDirectory>().ListWorkflowsAsync(ctx.Tenant(), InputRules.RequirePageSize(ctx.Argument("first", 100)), ctx.Argument<string?>("after"), ctx.CancellationToken);

    /// <summary>The definition document of a create/publish input, and whether soundness is required.</summary>
    private static (string Json, bool RequireSound) Definition(IDictionary<string, object?> input)
    {
        var node = PlainJson.ToNode(input) as JsonObject ?? [];
        var requireSound = node["requireSound"]?.GetValue<bool>() ?? false;
        node.Remove("requireSound");
        DefaultInitialState(node);
        return (node.ToJsonString(), requireSound);
    }

    /// <summary>
    /// Several seed examples list states without an initial state; as in the seeds' engine, the first state is then
    /// the initial one (only when neither initialState nor initialMarking is given).
    /// </summary>
    private static void DefaultInitialState(JsonObject node)
    {
        if (node["initialState"] is null && node["initialMarking"] is null && node["states"] is JsonArray { Count: > 0 } states)
            node["initialState"] = states[0]?.DeepClone();
    }

    /// <summary>Reads and validates a definition without saving it; one over a size limit is an error with code <c>DEFINITION_TOO_LARGE</c>.</summary>
    private static Dictionary<string, object?> Validate(IDictionary<string, object?> input, DefinitionLimits limits)
    {
        var node = PlainJson.ToNode(input) as JsonObject ?? [];
        node.Remove("requireSound");
        DefaultInitialState(node);
        if (node["id"] is null) node["id"] = IdSlug.Slug(node["name"]?.GetValue<string>()) is { Length: > 0 } s ? s : "workflow";
        List<ValidationIssueView> errors;
        List<ValidationIssueView> warnings;
        try
        {
            DefinitionFields.Check(node);
            var definition = WorkflowReader.Read(node);
            if (limits.Violation(definition) is { } tooLarge) throw new GraphQLException(tooLarge, WorkflowErrorCodes.DefinitionTooLarge);
            var result = WorkflowValidator.Validate(definition);
            errors = [.. result.Errors.Select(Issue)];
            warnings = [.. result.Warnings.Select(Issue)];
        }
        catch (WorkflowFormatException ex)
        {
            errors = [new ValidationIssueView("error", ex.Code, ex.Path, ex.Message)];
            warnings = [];
        }
        return new() { ["valid"] = errors.Count == 0, ["errors"] = errors, ["warnings"] = warnings };
    }

    private static ValidationIssueView Issue(ValidationIssue i) =>
        new(i.Severity == Severity.Error ? "error" : "warning", i.Code, i.Path, i.Message);
}
