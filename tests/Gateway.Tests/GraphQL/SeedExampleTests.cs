using System.Text.Json;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.GraphQL;

/// <summary>
/// Every GraphQL example of seeds 000 and 001 about workflows, tokens and rules, copied verbatim and run against the
/// real gateway. Seed 000's playground block holds three anonymous operations, which one document cannot (spec
/// 5.2.2.1), so each runs as its own request. Three seed examples select no fields of createWorkflow, which the
/// GraphQL spec rejects (5.3.3); they must fail with that clear validation error and succeed once `{ id }` is added.
/// </summary>
[Collection(GraphQLGatewayCollection.Name)]
public sealed class SeedExampleTests(GraphQLGateway gateway)
{
    /// <summary>Seed 000, "Real-World Example: Document Approval" (line 80).</summary>
    private const string Seed000CreateDocumentWorkflow = """
        # GraphQL Schema - Client defines domain logic
        mutation CreateDocumentWorkflow {
          createWorkflow(input: {
            name: "Document Approval"
            states: ["draft", "review", "approved", "rejected"]
            transitions: [
              { id: "submit", fromStates: ["draft"], toState: "review" }
              { id: "approve", fromStates: ["review"], toState: "approved" }
              { id: "reject", fromStates: ["review"], toState: "rejected" }
              { id: "revise", fromStates: ["rejected"], toState: "draft" }  # Cycle!
            ]
            initialState: "draft"
          }) {
            id
            name
          }
        }
        """;

    /// <summary>Seed 000, playground (line 232), first operation.</summary>
    private const string Seed000ListWorkflows = """
        # List available workflows
        query {
          workflows {
            id
            name
            states
            transitions {
              id
              fromStates
              toState
            }
          }
        }
        """;

    /// <summary>Seed 000, playground (line 232), second operation.</summary>
    private const string Seed000CreateToken = """
        # Create a token in a workflow
        mutation {
          createToken(input: {
            workflowId: "document_approval_v1"
            data: {
              title: "My Document"
              author: "Circuit Breaker User"
            }
          }) {
            id
            state
            workflowId
          }
        }
        """;

    /// <summary>Seed 000, playground (line 232), third operation.</summary>
    private const string Seed000FireTransition = """
        # Fire a transition
        mutation {
          fireTransition(input: {
            tokenId: "YOUR_TOKEN_ID"
            transitionId: "submit"
          }) {
            id
            state
            history {
              transition
              fromState
              toState
              timestamp
            }
          }
        }
        """;

    /// <summary>Seed 000, "From Airflow" (line 524): no selection set.</summary>
    private const string Seed000MigrationWorkflow = """
        # Circuit Breaker - State Managed Workflow
        mutation {
          createWorkflow(input: {
            name: "Document Approval"
            states: ["draft", "review", "approved", "rejected"]
            transitions: [
              { id: "submit", fromStates: ["draft"], toState: "review" }
              { id: "approve", fromStates: ["review"], toState: "approved" }
              { id: "reject", fromStates: ["review"], toState: "rejected" }
              { id: "revise", fromStates: ["rejected"], toState: "draft" }  # Cycles supported!
            ]
          })
        }
        """;

    /// <summary>Seed 000, "Multi-Agent Content Pipeline" (line 566): no selection set.</summary>
    private const string Seed000ContentCampaign = """
        mutation CreateContentCampaign {
          createWorkflow(input: {
            name: "AI Content Pipeline"
            states: [
              "research", "outline", "draft", "fact_check", 
              "edit", "review", "published", "promoted"
            ]
            transitions: [
              { id: "start_outline", fromStates: ["research"], toState: "outline" }
              { id: "start_draft", fromStates: ["outline"], toState: "draft" }
              { id: "fact_check", fromStates: ["draft"], toState: "fact_check" }
              { id: "needs_revision", fromStates: ["fact_check"], toState: "draft" }  # Revision loop
              { id: "approve_facts", fromStates: ["fact_check"], toState: "edit" }
              # ... more transitions
            ]
          })
        }
        """;

    /// <summary>Seed 001, "Example: Document Approval Workflow" (line 257).</summary>
    private const string Seed001CreateWorkflow = """
        mutation CreateWorkflow {
          createWorkflow(input: {
            name: "Document Approval"
            states: ["submitted", "under_review", "approved", "rejected", "published"]
            initialState: "submitted"
            activities: [
              {
                id: "start_review"
                fromStates: ["submitted"]
                toState: "under_review"
                agentConfig: {
                  llmProvider: "openai"
                  model: "gpt-4"
                  systemPrompt: "Review document for compliance and quality"
                }
              }
              {
                id: "approve_document"
                fromStates: ["under_review"]
                toState: "approved"
                conditions: [
                  { field: "score", operator: "greater_than", value: 8 }
                ]
              }
            ]
          }) {
            id
            name
            states
          }
        }
        """;

    /// <summary>Seed 001, "Complex Rule Definitions" (line 571).</summary>
    private const string Seed001CreateAdvancedRule = """
        mutation CreateAdvancedRule {
          createRule(input: {
            name: "Smart Content Routing"
            type: "complex"
            definition: {
              conditions: [
                {
                  group: "content_analysis"
                  conditions: [
                    { field: "sentiment_score", operator: "less_than", value: 0.3 }
                    { field: "complexity_score", operator: "greater_than", value: 0.7 }
                  ]
                  combinator: "AND"
                }
                {
                  group: "business_rules"
                  conditions: [
                    { field: "customer_tier", operator: "equals", value: "premium" }
                    { field: "urgency", operator: "in", value: ["high", "critical"] }
                  ]
                  combinator: "OR"
                }
              ]
              combinator: "AND"
              actions: [
                {
                  type: "route_to_human"
                  config: {
                    queue: "expert_review"
                    priority: "high"
                  }
                }
                {
                  type: "notify_manager"
                  config: {
                    channel: "slack"
                    message: "Complex negative feedback requires expert review"
                  }
                }
              ]
            }
          }) {
            id
            name
            status
          }
        }
        """;

    /// <summary>Seed 001, "From Airflow" (line 1290): no selection set.</summary>
    private const string Seed001MigrationWorkflow = """
        # Circuit Breaker Workflow
        mutation {
          createWorkflow(input: {
            name: "Document Processing"
            states: ["received", "extracting", "transforming", "loading", "completed"]
            activities: [
              { id: "start_extract", fromStates: ["received"], toState: "extracting" }
              { id: "start_transform", fromStates: ["extracting"], toState: "transforming" }
              { id: "start_load", fromStates: ["transforming"], toState: "loading" }
            ]
          })
        }
        """;

    [Fact]
    public async Task Seed000_create_document_workflow_returns_id_and_name_and_stores_the_net()
    {
        var created = (await gateway.DataAsync(Seed000CreateDocumentWorkflow)).GetProperty("createWorkflow");
        Assert.Equal("Document Approval", created.GetProperty("name").GetString());
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("document_approval_", id);

        var stored = (await gateway.DataAsync("query($id: ID!) { workflow(id: $id) { states initialState transitions { id fromStates toState } } }", new { id }))
            .GetProperty("workflow");
        Assert.Equal(["draft", "review", "approved", "rejected"], stored.GetProperty("states").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("draft", stored.GetProperty("initialState").GetString());
        var revise = stored.GetProperty("transitions").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "revise");
        Assert.Equal("rejected", revise.GetProperty("fromStates")[0].GetString());
        Assert.Equal("draft", revise.GetProperty("toState").GetString());
    }

    [Fact]
    public async Task Seed000_playground_lists_workflows_creates_a_token_and_fires_submit()
    {
        await gateway.EnsureDocumentApprovalAsync();

        var workflows = (await gateway.DataAsync(Seed000ListWorkflows)).GetProperty("workflows");
        var approval = workflows.EnumerateArray().Single(w => w.GetProperty("id").GetString() == "document_approval_v1");
        Assert.Equal(["draft", "review", "approved", "rejected"], approval.GetProperty("states").EnumerateArray().Select(s => s.GetString()));
        var submit = approval.GetProperty("transitions").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "submit");
        Assert.Equal("draft", submit.GetProperty("fromStates")[0].GetString());
        Assert.Equal("review", submit.GetProperty("toState").GetString());

        var token = (await gateway.DataAsync(Seed000CreateToken)).GetProperty("createToken");
        Assert.Equal("draft", token.GetProperty("state").GetString());
        Assert.Equal("document_approval_v1", token.GetProperty("workflowId").GetString());
        Assert.True(Guid.TryParse(token.GetProperty("id").GetString(), out _));

        // The seed fires on "YOUR_TOKEN_ID": create that token first, then run the text unchanged.
        await gateway.DataAsync("""mutation { createToken(input: { id: "YOUR_TOKEN_ID", workflowId: "document_approval_v1", data: { title: "My Document" } }) { id } }""");
        var fired = (await gateway.DataAsync(Seed000FireTransition)).GetProperty("fireTransition");
        Assert.Equal("YOUR_TOKEN_ID", fired.GetProperty("id").GetString());
        Assert.Equal("review", fired.GetProperty("state").GetString());
        var entry = Assert.Single(fired.GetProperty("history").EnumerateArray());
        Assert.Equal("submit", entry.GetProperty("transition").GetString());
        Assert.Equal("draft", entry.GetProperty("fromState").GetString());
        Assert.Equal("review", entry.GetProperty("toState").GetString());
        Assert.True(DateTimeOffset.TryParse(entry.GetProperty("timestamp").GetString(), out var at) && at > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Seed001_create_workflow_with_activities_keeps_agent_config_and_conditions()
    {
        var created = (await gateway.DataAsync(Seed001CreateWorkflow)).GetProperty("createWorkflow");
        Assert.Equal("Document Approval", created.GetProperty("name").GetString());
        Assert.Equal(["submitted", "under_review", "approved", "rejected", "published"], created.GetProperty("states").EnumerateArray().Select(s => s.GetString()));

        var id = created.GetProperty("id").GetString();
        var stored = (await gateway.DataAsync("query($id: ID!) { workflow(id: $id) { initialState activities { id agentConfig conditions } } }", new { id }))
            .GetProperty("workflow");
        Assert.Equal("submitted", stored.GetProperty("initialState").GetString());
        var review = stored.GetProperty("activities").EnumerateArray().Single(a => a.GetProperty("id").GetString() == "start_review");
        Assert.Equal("gpt-4", review.GetProperty("agentConfig").GetProperty("model").GetString());
        Assert.Equal("openai", review.GetProperty("agentConfig").GetProperty("llmProvider").GetString());
        var approve = stored.GetProperty("activities").EnumerateArray().Single(a => a.GetProperty("id").GetString() == "approve_document");
        Assert.Equal("score", approve.GetProperty("conditions")[0].GetProperty("field").GetString());

        // The guard is live: a resource without a score cannot be approved.
        var resource = (await gateway.DataAsync("mutation($id: ID!) { createResource(input: { workflowId: $id, data: { score: 5 } }) { id } }", new { id }))
            .GetProperty("createResource").GetProperty("id").GetString();
        await gateway.DataAsync("""mutation($r: ID!) { executeActivity(input: { resourceId: $r, activityId: "start_review" }) { state } }""", new { r = resource });
        var refused = await gateway.ErrorAsync("""mutation($r: ID!) { executeActivity(input: { resourceId: $r, activityId: "approve_document" }) { state } }""", new { r = resource });
        Assert.Equal("GUARD_FAILED", refused.GetProperty("extensions").GetProperty("code").GetString());
        var approved = await gateway.DataAsync("""mutation($r: ID!) { executeActivity(input: { resourceId: $r, activityId: "approve_document", data: { score: 9 } }) { state } }""", new { r = resource });
        Assert.Equal("approved", approved.GetProperty("executeActivity").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Seed001_create_advanced_rule_stores_groups_that_evaluate()
    {
        var rule = (await gateway.DataAsync(Seed001CreateAdvancedRule)).GetProperty("createRule");
        Assert.Equal("Smart Content Routing", rule.GetProperty("name").GetString());
        Assert.Equal("active", rule.GetProperty("status").GetString());
        var id = rule.GetProperty("id").GetString();

        const string evaluate = "query($id: ID!, $data: JSON!) { evaluateRule(id: $id, data: $data) { passed reason } }";
        var pass = await gateway.DataAsync(evaluate, new { id, data = new { sentiment_score = 0.1, complexity_score = 0.9, customer_tier = "basic", urgency = "critical" } });
        Assert.True(pass.GetProperty("evaluateRule").GetProperty("passed").GetBoolean());
        var fail = await gateway.DataAsync(evaluate, new { id, data = new { sentiment_score = 0.1, complexity_score = 0.9, customer_tier = "basic", urgency = "low" } });
        Assert.False(fail.GetProperty("evaluateRule").GetProperty("passed").GetBoolean());

        var actions = (await gateway.DataAsync("query($id: ID!) { rule(id: $id) { actions } }", new { id })).GetProperty("rule").GetProperty("actions");
        Assert.Equal("route_to_human", actions[0].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(Seed000MigrationWorkflow)]
    [InlineData(Seed000ContentCampaign)]
    [InlineData(Seed001MigrationWorkflow)]
    public async Task Seed_examples_without_a_selection_set_get_the_spec_error_and_work_with_one(string seedText)
    {
        var error = await gateway.ErrorAsync(seedText);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains("must have a selection of subfields", error.GetProperty("message").GetString());

        var withSelection = seedText[..seedText.LastIndexOf("})", StringComparison.Ordinal)] + "}) { id states }\n}";
        var created = (await gateway.DataAsync(withSelection)).GetProperty("createWorkflow");
        Assert.False(string.IsNullOrEmpty(created.GetProperty("id").GetString()));
        Assert.True(created.GetProperty("states").GetArrayLength() >= 4);
    }
}
