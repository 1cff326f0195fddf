using System.Text.Json;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.GraphQL;

/// <summary>The GraphQL API beyond the seed examples: token fields, listings, versions, validation, analysis, rules, errors.</summary>
[Collection(GraphQLGatewayCollection.Name)]
public sealed class ApiTests(GraphQLGateway gateway)
{
    private static string Code(JsonElement error) => error.GetProperty("extensions").GetProperty("code").GetString()!;

    [Fact]
    public async Task A_token_shows_marking_data_metadata_versions_and_paged_history()
    {
        var tokenId = await gateway.NewDocumentTokenAsync();
        await gateway.DataAsync("""mutation($t: ID!) { fireTransition(input: { tokenId: $t, transitionId: "submit", data: { reviewer: "ann" } }) { id } }""", new { t = tokenId });
        await gateway.DataAsync("""mutation($t: ID!) { fireTransition(input: { tokenId: $t, transitionId: "reject" }) { id } }""", new { t = tokenId });
        var token = (await gateway.DataAsync("""
            query($t: ID!) { token(id: $t) {
              state places marking status version data metadata historyLength createdAt updatedAt
              workflow { id }
              historyPage(afterSequence: 1, first: 5) { entries { sequence transition fromState toState } hasMore totalCount }
              availableTransitions { id toState guardPassed }
            } }
            """, new { t = tokenId })).GetProperty("token");
        Assert.Equal("rejected", token.GetProperty("state").GetString());
        Assert.Equal(1, token.GetProperty("marking").GetProperty("rejected").GetInt32());
        Assert.Equal("active", token.GetProperty("status").GetString());
        Assert.Equal("ann", token.GetProperty("data").GetProperty("reviewer").GetString());
        Assert.Equal("T", token.GetProperty("data").GetProperty("title").GetString());
        Assert.Equal(2, token.GetProperty("historyLength").GetInt32());
        Assert.Equal("document_approval_v1", token.GetProperty("workflow").GetProperty("id").GetString());
        var page = token.GetProperty("historyPage");
        var entry = Assert.Single(page.GetProperty("entries").EnumerateArray());
        Assert.Equal(2, entry.GetProperty("sequence").GetInt32());
        Assert.Equal("reject", entry.GetProperty("transition").GetString());
        Assert.Equal(2, page.GetProperty("totalCount").GetInt32());
        Assert.Equal("revise", Assert.Single(token.GetProperty("availableTransitions").EnumerateArray()).GetProperty("id").GetString());

        // Stale expectedVersion is refused; the current one is accepted; a repeated idempotency key fires nothing.
        var version = token.GetProperty("version").GetInt64();
        var stale = await gateway.ErrorAsync("""mutation($t: ID!) { fireTransition(input: { tokenId: $t, transitionId: "revise", expectedVersion: 1 }) { id } }""", new { t = tokenId });
        Assert.Equal("VERSION_CONFLICT", Code(stale));
        const string revise = """mutation($t: ID!, $v: Int) { fireTransition(input: { tokenId: $t, transitionId: "revise", expectedVersion: $v, idempotencyKey: "k1" }) { state historyLength } }""";
        var first = (await gateway.DataAsync(revise, new { t = tokenId, v = version })).GetProperty("fireTransition");
        var again = (await gateway.DataAsync(revise, new { t = tokenId, v = version })).GetProperty("fireTransition");
        Assert.Equal("draft", first.GetProperty("state").GetString());
        Assert.Equal(3, again.GetProperty("historyLength").GetInt32());

        var updated = (await gateway.DataAsync("""mutation($t: ID!) { updateTokenData(id: $t, data: { priority: "high" }) { data } }""", new { t = tokenId }))
            .GetProperty("updateTokenData").GetProperty("data");
        Assert.Equal("high", updated.GetProperty("priority").GetString());
        Assert.Equal("T", updated.GetProperty("title").GetString());
        var metadata = (await gateway.DataAsync("""mutation($t: ID!) { updateTokenMetadata(id: $t, metadata: { owner: "ann", tier: 2 }) { metadata version } }""", new { t = tokenId }))
            .GetProperty("updateTokenMetadata");
        Assert.Equal("ann", metadata.GetProperty("metadata").GetProperty("owner").GetString());
        Assert.Equal(2, metadata.GetProperty("metadata").GetProperty("tier").GetInt32());
        var notObject = await gateway.ErrorAsync("""mutation($t: ID!) { updateTokenMetadata(id: $t, metadata: [1]) { id } }""", new { t = tokenId });
        Assert.Equal("INVALID_INPUT", Code(notObject));
        var cancelled = (await gateway.DataAsync("""mutation($t: ID!) { cancelToken(id: $t, reason: "test") { status } }""", new { t = tokenId }));
        Assert.Equal("cancelled", cancelled.GetProperty("cancelToken").GetProperty("status").GetString());
        var notActive = await gateway.ErrorAsync("""mutation($t: ID!) { fireTransition(input: { tokenId: $t, transitionId: "submit" }) { id } }""", new { t = tokenId });
        Assert.Equal("TOKEN_NOT_ACTIVE", Code(notActive));
    }

    [Fact]
    public async Task Tokens_list_filters_by_place_and_pages_with_the_connection_cursor()
    {
        var workflowId = (await gateway.DataAsync("""
            mutation { createWorkflow(input: { name: "Paging", states: ["a", "b"], transitions: [{ id: "go", fromStates: ["a"], toState: "b" }], initialState: "a" }) { id } }
            """)).GetProperty("createWorkflow").GetProperty("id").GetString();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add((await gateway.DataAsync("mutation($w: ID!) { createToken(input: { workflowId: $w }) { id } }", new { w = workflowId }))
                .GetProperty("createToken").GetProperty("id").GetString()!);
        await gateway.DataAsync("""mutation($t: ID!) { fireTransition(input: { tokenId: $t, transitionId: "go" }) { id } }""", new { t = ids[0] });

        var inB = (await gateway.DataAsync("query($w: ID!) { tokens(workflowId: $w, place: \"b\") { id } }", new { w = workflowId })).GetProperty("tokens");
        Assert.Equal(ids[0], Assert.Single(inB.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(5, (await gateway.DataAsync("query($w: ID!) { resources(workflowId: $w) { id } }", new { w = workflowId })).GetProperty("resources").GetArrayLength());

        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = (await gateway.DataAsync("query($w: ID!, $a: String) { tokensConnection(workflowId: $w, first: 2, after: $a) { nodes { id } pageInfo { hasNextPage endCursor } } }",
                new { w = workflowId, a = after })).GetProperty("tokensConnection");
            seen.AddRange(page.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!));
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
        }
        while (after is not null);
        Assert.Equal(ids.Order(), seen.Order());
    }

    [Fact]
    public async Task Versions_validation_and_analysis()
    {
        var id = "versioned_" + Guid.NewGuid().ToString("N")[..6];
        await gateway.DataAsync("""mutation($id: ID) { createWorkflow(input: { id: $id, name: "V", states: ["a", "b"], transitions: [{ id: "go", fromStates: ["a"], toState: "b" }], initialState: "a" }) { version } }""", new { id });
        var published = (await gateway.DataAsync("""mutation($id: ID!) { publishWorkflowVersion(id: $id, input: { name: "V2", states: ["a", "b", "c"], transitions: [{ id: "go", fromStates: ["a"], toState: "b" }, { id: "on", fromStates: ["b"], toState: "c" }], initialState: "a" }) { version versions { version name } } }""", new { id }))
            .GetProperty("publishWorkflowVersion");
        Assert.Equal(2, published.GetProperty("version").GetInt32());
        Assert.Equal(["V", "V2"], published.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("name").GetString()));
        var v1 = (await gateway.DataAsync("query($id: ID!) { workflow(id: $id, version: 1) { states } }", new { id })).GetProperty("workflow");
        Assert.Equal(2, v1.GetProperty("states").GetArrayLength());

        var analysis = (await gateway.DataAsync("query($id: ID!) { analyzeWorkflow(id: $id) { version sound summary report } }", new { id })).GetProperty("analyzeWorkflow");
        Assert.Equal(2, analysis.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Object, analysis.GetProperty("report").ValueKind);

        var invalid = (await gateway.DataAsync("""query { validateWorkflow(input: { name: "Bad", states: ["a"], transitions: [{ id: "x", fromStates: ["a"], toState: "nowhere" }], initialState: "a" }) { valid errors { code path message } warnings { code } } }"""))
            .GetProperty("validateWorkflow");
        Assert.False(invalid.GetProperty("valid").GetBoolean());
        Assert.Contains(invalid.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() == "unknown_place" && e.GetProperty("message").GetString()!.Contains("nowhere"));
        var stillMissing = (await gateway.DataAsync("""query { workflows(first: 1000) { name } }""")).GetProperty("workflows");
        Assert.DoesNotContain(stillMissing.EnumerateArray(), w => w.GetProperty("name").GetString() == "Bad");

        var unsound = await gateway.ErrorAsync("""mutation { createWorkflow(input: { name: "Stuck", states: ["a", "b", "c"], transitions: [{ id: "go", fromStates: ["a"], toState: "b" }], initialState: "a", finalStates: ["c"], requireSound: true }) { id } }""");
        Assert.Equal("UNSOUND_WORKFLOW", Code(unsound));
    }

    [Fact]
    public async Task Rules_are_created_listed_by_tag_updated_used_by_workflows_and_deleted()
    {
        var tag = "t" + Guid.NewGuid().ToString("N")[..6];
        var rule = (await gateway.DataAsync("""mutation($tags: [String!]) { createRule(input: { name: "High score", tags: $tags, conditions: [{ field: "score", operator: "greater_than", value: 8 }] }) { id version tags } }""", new { tags = new[] { tag } }))
            .GetProperty("createRule");
        var ruleId = rule.GetProperty("id").GetString();
        Assert.Equal(1, rule.GetProperty("version").GetInt32());
        var listed = (await gateway.DataAsync("query($tags: [String!]) { rules(tags: $tags) { id } }", new { tags = new[] { tag } })).GetProperty("rules");
        Assert.Equal(ruleId, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());

        var updated = (await gateway.DataAsync("""mutation($id: ID!) { updateRule(id: $id, input: { name: "High score", conditions: [{ field: "score", operator: "greater_than", value: 5 }] }) { version } }""", new { id = ruleId }));
        Assert.Equal(2, updated.GetProperty("updateRule").GetProperty("version").GetInt32());
        var evaluation = (await gateway.DataAsync("query($id: ID!) { evaluateRule(id: $id, data: { score: 6 }) { passed trace } }", new { id = ruleId })).GetProperty("evaluateRule");
        Assert.True(evaluation.GetProperty("passed").GetBoolean());

        var workflowId = (await gateway.DataAsync("""mutation($r: JSON!) { createWorkflow(input: { name: "Ruled", states: ["a", "b"], transitions: [{ id: "go", fromStates: ["a"], toState: "b", conditions: [$r] }], initialState: "a" }) { id } }""", new { r = ruleId }))
            .GetProperty("createWorkflow").GetProperty("id").GetString();
        var used = (await gateway.DataAsync("query($w: ID!) { workflowRules(workflowId: $w) { id } }", new { w = workflowId })).GetProperty("workflowRules");
        Assert.Equal(ruleId, Assert.Single(used.EnumerateArray()).GetProperty("id").GetString());

        Assert.True((await gateway.DataAsync("mutation($id: ID!) { deleteRule(id: $id) }", new { id = ruleId })).GetProperty("deleteRule").GetBoolean());
        Assert.Equal(JsonValueKind.Null, (await gateway.DataAsync("query($id: ID!) { rule(id: $id) { id } }", new { id = ruleId })).GetProperty("rule").ValueKind);
    }

    [Theory]
    [InlineData("""mutation { fireTransition(input: { tokenId: "no-such-token", transitionId: "submit" }) { id } }""", "TOKEN_NOT_FOUND")]
    [InlineData("""mutation { createToken(input: { workflowId: "no-such-workflow" }) { id } }""", "WORKFLOW_NOT_FOUND")]
    [InlineData("""mutation { createWorkflow(input: { name: "Broken", states: ["a"], transitions: [{ id: "t", fromStates: ["zz"], toState: "a" }], initialState: "a" }) { id } }""", "INVALID_DEFINITION")]
    [InlineData("""mutation { createWorkflow(input: { id: "document_approval_v1", name: "Again", states: ["a"], initialState: "a" }) { id } }""", "WORKFLOW_EXISTS")]
    [InlineData("""mutation { createRule(input: { name: "No condition" }) { id } }""", "INVALID_INPUT")]
    [InlineData("""query { analyzeWorkflow(id: "no-such-workflow") { sound } }""", "WORKFLOW_NOT_FOUND")]
    [InlineData("""query { availableTransitions(tokenId: "no-such-token") { id } }""", "TOKEN_NOT_FOUND")]
    [InlineData("""mutation { createToken(input: { workflowId: "document_approval_v1", data: [1, 2] }) { id } }""", "INVALID_INPUT")]
    [InlineData("""{ token(id: "") { id } }""", "INVALID_INPUT")]
    [InlineData("""{ workflow(id: " ") { id } }""", "INVALID_INPUT")]
    [InlineData("""mutation { fireTransition(input: { tokenId: "", transitionId: "" }) { id } }""", "INVALID_INPUT")]
    [InlineData("""mutation { createToken(input: { workflowId: "" }) { id } }""", "INVALID_INPUT")]
    [InlineData("""mutation { createWorkflow(input: { id: "a/b", name: "Slash", states: ["a"] }) { id } }""", "INVALID_INPUT")]
    [InlineData("""{ rule(id: "") { id } }""", "INVALID_INPUT")]
    [InlineData("""{ tokens(first: -5) { id } }""", "INVALID_INPUT")]
    [InlineData("""{ workflows { nope } }""", "GRAPHQL_VALIDATION_FAILED")]
    [InlineData("""{ workflows { id """, "GRAPHQL_PARSE_FAILED")]
    public async Task Bad_input_gets_a_clear_error_with_a_code(string query, string code)
    {
        await gateway.EnsureDocumentApprovalAsync();
        var error = await gateway.ErrorAsync(query);
        Assert.Equal(code, Code(error));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Fire_of_a_transition_whose_place_is_empty_names_the_missing_place()
    {
        var tokenId = await gateway.NewDocumentTokenAsync();
        var error = await gateway.ErrorAsync("""mutation($t: ID!) { fireTransition(input: { tokenId: $t, transitionId: "approve" }) { id } }""", new { t = tokenId });
        Assert.Equal("TRANSITION_NOT_ENABLED", Code(error));
        Assert.Contains("review", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Resource_vocabulary_reads_the_same_token_and_status_filters_the_list()
    {
        var tokenId = await gateway.NewDocumentTokenAsync();
        var data = await gateway.DataAsync("""
            query($t: ID!) {
              resource(id: $t) { id state workflowId }
              availableActivities(resourceId: $t) { id toState guardPassed reason }
              token(id: $t) { id state }
            }
            """, new { t = tokenId });
        Assert.Equal(data.GetProperty("token").GetProperty("state").GetString(), data.GetProperty("resource").GetProperty("state").GetString());
        var submit = Assert.Single(data.GetProperty("availableActivities").EnumerateArray());
        Assert.Equal(("submit", "review", true), (submit.GetProperty("id").GetString(), submit.GetProperty("toState").GetString(), submit.GetProperty("guardPassed").GetBoolean()));

        await gateway.DataAsync("""mutation($t: ID!) { cancelToken(id: $t) { id } }""", new { t = tokenId });
        var cancelled = (await gateway.DataAsync("""{ tokens(workflowId: "document_approval_v1", status: cancelled, first: 1000) { id status } }""")).GetProperty("tokens");
        Assert.Contains(cancelled.EnumerateArray(), t => t.GetProperty("id").GetString() == tokenId);
        Assert.All(cancelled.EnumerateArray(), t => Assert.Equal("cancelled", t.GetProperty("status").GetString()));
        var active = (await gateway.DataAsync("""{ tokens(workflowId: "document_approval_v1", status: active, first: 1000) { id } }""")).GetProperty("tokens");
        Assert.DoesNotContain(active.EnumerateArray(), t => t.GetProperty("id").GetString() == tokenId);
    }
}
