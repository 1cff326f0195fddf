using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Api;

/// <summary>REST round trips and error answers against one real gateway process.</summary>
public sealed class RestApiTests(SharedGateway fixture) : IClassFixture<SharedGateway>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Examples_are_preloaded()
    {
        var workflow = await (await _client.GetAsync("/api/v1/workflows/document_approval_v1")).Expect(HttpStatusCode.OK);
        Assert.Equal("document_approval_v1", (string?)workflow["id"]);
        Assert.Equal("Document Approval", (string?)workflow["name"]);
        await (await _client.GetAsync("/api/v1/workflows/deployment_pipeline_v1")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Workflow_round_trip_create_get_list_versions_and_publish()
    {
        var id = ApiCalls.NewId("wf");
        var created = await (await _client.PostJson("/api/v1/workflows", ApiCalls.LinearWorkflow(id))).Expect(HttpStatusCode.Created);
        Assert.Equal(1, (int?)created["version"]);
        Assert.Equal($"Linear {id}", (string?)created["name"]);

        await (await _client.PostJson("/api/v1/workflows", ApiCalls.LinearWorkflow(id))).ExpectProblem(HttpStatusCode.Conflict, "WORKFLOW_EXISTS");

        var second = await (await _client.PostJson($"/api/v1/workflows/{id}/versions", ApiCalls.LinearWorkflow(id, "ready")))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(2, (int?)second["version"]);

        var latest = await (await _client.GetAsync($"/api/v1/workflows/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, (int?)latest["version"]);
        var first = await (await _client.GetAsync($"/api/v1/workflows/{id}?version=1")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (int?)first["version"]);
        var versions = (await (await _client.GetAsync($"/api/v1/workflows/{id}/versions")).Expect(HttpStatusCode.OK)).AsArray();
        Assert.Equal([1, 2], versions.Select(v => (int)v!["version"]!));

        var ids = await AllWorkflowIds();
        Assert.Contains(id, ids);
        Assert.Contains("document_approval_v1", ids);
    }

    [Fact]
    public async Task Workflow_listing_pages_with_a_cursor()
    {
        var page1 = await (await _client.GetAsync("/api/v1/workflows?first=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, page1["items"]!.AsArray().Count);
        Assert.True((bool)page1["hasNextPage"]!);
        var page2 = await (await _client.GetAsync($"/api/v1/workflows?first=2&after={Uri.EscapeDataString((string)page1["endCursor"]!)}"))
            .Expect(HttpStatusCode.OK);
        var firstIds = page1["items"]!.AsArray().Select(w => (string)w!["id"]!).ToHashSet();
        Assert.DoesNotContain(page2["items"]!.AsArray(), w => firstIds.Contains((string)w!["id"]!));
    }

    [Fact]
    public async Task Validate_reports_errors_and_warnings_without_saving()
    {
        var id = ApiCalls.NewId("val");
        var invalid = $$"""{"id":"{{id}}","states":["a"],"transitions":[{"id":"t","fromStates":["zz"],"toState":"a"}],"initialState":"a"}""";
        var result = await (await _client.PostJson("/api/v1/workflows/validate", invalid)).Expect(HttpStatusCode.OK);
        Assert.False((bool)result["valid"]!);
        var error = result["errors"]!.AsArray().Single()!;
        Assert.Equal("unknown_place", (string?)error["code"]);
        Assert.Contains("zz", (string?)error["message"]);

        var valid = await (await _client.PostJson("/api/v1/workflows/validate", ApiCalls.LinearWorkflow(id))).Expect(HttpStatusCode.OK);
        Assert.True((bool)valid["valid"]!);
        Assert.Empty(valid["errors"]!.AsArray());

        await (await _client.GetAsync($"/api/v1/workflows/{id}")).ExpectProblem(HttpStatusCode.NotFound, "WORKFLOW_NOT_FOUND");
    }

    [Fact]
    public async Task Analyze_an_unsaved_definition_gives_soundness_with_a_witness_and_saves_nothing()
    {
        var id = ApiCalls.NewId("ana");
        // A fork whose second branch is never joined: improper completion after "split finish".
        var leaky = $$"""
            {"id":"{{id}}","places":[{"id":"start"},{"id":"a"},{"id":"b"},{"id":"done"}],
             "transitions":[{"id":"split","inputs":["start"],"outputs":["a","b"]},{"id":"finish","inputs":["a"],"outputs":["done"]}],
             "initialMarking":{"start":1},"finalPlaces":["done"]}
            """;
        var result = await (await _client.PostJson("/api/v1/workflows/analyze", leaky)).Expect(HttpStatusCode.OK);
        Assert.False((bool)result["sound"]!);
        var witness = result["report"]!["workflow"]!["properCompletionCounterexample"]!["sequence"]!.AsArray().Select(n => (string?)n);
        Assert.Equal(["split", "finish"], witness);

        var sound = await (await _client.PostJson("/api/v1/workflows/analyze", ApiCalls.LinearWorkflow(id))).Expect(HttpStatusCode.OK);
        Assert.True((bool)sound["sound"]!);
        Assert.True((int)sound["report"]!["states"]! >= 2);

        var invalid = $$"""{"id":"{{id}}","states":["a"],"transitions":[{"id":"t","fromStates":["zz"],"toState":"a"}],"initialState":"a"}""";
        await (await _client.PostJson("/api/v1/workflows/analyze", invalid)).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_DEFINITION");
        await (await _client.GetAsync($"/api/v1/workflows/{id}")).ExpectProblem(HttpStatusCode.NotFound, "WORKFLOW_NOT_FOUND");
    }

    [Fact]
    public async Task Token_create_fire_history_and_data()
    {
        var wf = ApiCalls.NewId("wf");
        await (await _client.PostJson("/api/v1/workflows", ApiCalls.LinearWorkflow(wf))).Expect(HttpStatusCode.Created);
        var created = await (await _client.PostJson("/api/v1/tokens",
            "{\"workflowId\":\"" + wf + "\",\"data\":{\"amount\":5},\"metadata\":{\"owner\":\"ann\"}}")).Expect(HttpStatusCode.Created);
        var id = (string)created["id"]!;
        Assert.Equal("a", (string?)created["state"]);
        Assert.Equal(5, (int?)created["data"]!["amount"]);
        Assert.Equal("ann", (string?)created["metadata"]!["owner"]);

        var available = (await (await _client.GetAsync($"/api/v1/tokens/{id}/transitions")).Expect(HttpStatusCode.OK)).AsArray();
        Assert.Equal(["ab"], available.Select(t => (string)t!["transitionId"]!));

        var fired = await (await _client.Fire(id, "ab", ""","data":{"note":"x"},"idempotencyKey":"k1" """)).Expect(HttpStatusCode.OK);
        Assert.Equal("b", (string?)fired["token"]!["state"]);
        Assert.False((bool)fired["replayed"]!);
        // The same request again replays (other data under the same key would be 422 IDEMPOTENCY_KEY_REUSED).
        var replay = await (await _client.Fire(id, "ab", ""","data":{"note":"x"},"idempotencyKey":"k1" """)).Expect(HttpStatusCode.OK);
        Assert.True((bool)replay["replayed"]!);

        // The Idempotency-Key header works like the body field.
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tokens/{id}/fire") { Content = ApiCalls.Json("""{"transitionId":"bc"}""") };
        request.Headers.Add("Idempotency-Key", "k2");
        await (await _client.SendAsync(request)).Expect(HttpStatusCode.OK);
        var again = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tokens/{id}/fire") { Content = ApiCalls.Json("""{"transitionId":"bc"}""") };
        again.Headers.Add("Idempotency-Key", "k2");
        Assert.True((bool)(await (await _client.SendAsync(again)).Expect(HttpStatusCode.OK))["replayed"]!);

        var history = await (await _client.GetAsync($"/api/v1/tokens/{id}/history")).Expect(HttpStatusCode.OK);
        var entries = history["items"]!.AsArray();
        Assert.Equal(["ab", "bc"], entries.Select(e => (string)e!["transitionId"]!));
        Assert.Equal("a", (string?)entries[0]!["fromState"]);
        Assert.Equal("b", (string?)entries[0]!["toState"]);
        var after = await (await _client.GetAsync($"/api/v1/tokens/{id}/history?after=1&first=10")).Expect(HttpStatusCode.OK);
        Assert.Equal(["bc"], after["items"]!.AsArray().Select(e => (string)e!["transitionId"]!));

        var token = await (await _client.GetAsync($"/api/v1/tokens/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("completed", (string?)token["status"]);
        Assert.Equal("x", (string?)token["data"]!["note"]);
        await (await _client.Fire(id, "ab")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "TOKEN_NOT_ACTIVE");
    }

    [Fact]
    public async Task Data_patch_put_and_cancel()
    {
        var id = await _client.CreateToken("document_approval_v1", """{"title":"t","keep":1}""");
        var patched = await (await _client.PatchAsync($"/api/v1/tokens/{id}/data", ApiCalls.Json("""{"extra":true}"""))).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (int?)patched["data"]!["keep"]);
        Assert.True((bool)patched["data"]!["extra"]!);
        var replaced = await (await _client.PutAsync($"/api/v1/tokens/{id}/data", ApiCalls.Json("""{"only":2}"""))).Expect(HttpStatusCode.OK);
        Assert.Equal("""{"only":2}""", replaced["data"]!.ToJsonString());
        await (await _client.PatchAsync($"/api/v1/tokens/{id}/data", ApiCalls.Json("""{"data":{"x":1},"expectedVersion":1}""")))
            .ExpectProblem(HttpStatusCode.Conflict, "VERSION_CONFLICT");
        var withMetadata = await (await _client.PatchAsync($"/api/v1/tokens/{id}/metadata", ApiCalls.Json("""{"owner":"ann"}"""))).Expect(HttpStatusCode.OK);
        Assert.Equal("ann", (string?)withMetadata["metadata"]!["owner"]);
        Assert.True((long)withMetadata["version"]! > (long)replaced["version"]!);
        await (await _client.PatchAsync($"/api/v1/tokens/{id}/metadata", ApiCalls.Json("[1]"))).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_JSON");

        var cancelled = await (await _client.PostJson($"/api/v1/tokens/{id}/cancel", """{"reason":"no longer needed"}""")).Expect(HttpStatusCode.OK);
        Assert.Equal("cancelled", (string?)cancelled["status"]);
        await (await _client.PostJson($"/api/v1/tokens/{id}/cancel", "")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "TOKEN_NOT_ACTIVE");
    }

    [Fact]
    public async Task Token_listing_filters_by_workflow_place_and_status_and_pages_with_a_cursor()
    {
        var wf = ApiCalls.NewId("wf");
        await (await _client.PostJson("/api/v1/workflows", ApiCalls.LinearWorkflow(wf))).Expect(HttpStatusCode.Created);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add(await _client.CreateToken(wf));
        await (await _client.Fire(ids[0], "ab")).Expect(HttpStatusCode.OK);
        await (await _client.Fire(ids[1], "ab")).Expect(HttpStatusCode.OK);
        await (await _client.Fire(ids[1], "bc")).Expect(HttpStatusCode.OK);

        async Task<List<string>> List(string query)
        {
            var found = new List<string>();
            string? after = null;
            do
            {
                var url = $"/api/v1/tokens?{query}&first=2" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
                var page = await (await _client.GetAsync(url)).Expect(HttpStatusCode.OK);
                Assert.True(page["items"]!.AsArray().Count <= 2);
                found.AddRange(page["items"]!.AsArray().Select(t => (string)t!["id"]!));
                after = (bool)page["hasNextPage"]! ? (string?)page["endCursor"] : null;
            } while (after is not null);
            return found;
        }

        Assert.Equal(ids.ToHashSet(), (await List($"workflowId={wf}")).ToHashSet());
        Assert.Equal(5, (await List($"workflowId={wf}")).Count);
        Assert.Equal([ids[0]], await List($"workflowId={wf}&place=b"));
        Assert.Equal(ids.Skip(2).ToHashSet(), (await List($"workflowId={wf}&place=a")).ToHashSet());
        Assert.Equal([ids[1]], await List($"workflowId={wf}&status=completed"));
    }

    [Fact]
    public async Task Rules_crud_evaluate_and_list_by_tag()
    {
        var id = ApiCalls.NewId("rule");
        var tag = ApiCalls.NewId("tag");
        var rule = $$"""{"id":"{{id}}","name":"High value","tags":["{{tag}}"],"conditions":[{"field":"amount","operator":"greater_than","value":100}]}""";
        var created = await (await _client.PostJson("/api/v1/rules", rule)).Expect(HttpStatusCode.Created);
        Assert.Equal(1, (int?)created["version"]);
        await (await _client.PostJson("/api/v1/rules", rule)).ExpectProblem(HttpStatusCode.Conflict, "RULE_EXISTS");

        var pass = await (await _client.PostJson($"/api/v1/rules/{id}/evaluate", """{"data":{"amount":150}}""")).Expect(HttpStatusCode.OK);
        Assert.True((bool)pass["passed"]!);
        var fail = await (await _client.PostJson($"/api/v1/rules/{id}/evaluate", """{"data":{"amount":50}}""")).Expect(HttpStatusCode.OK);
        Assert.False((bool)fail["passed"]!);
        Assert.NotEmpty(fail["trace"]!.AsArray());

        var listed = await (await _client.GetAsync($"/api/v1/rules?tag={tag}")).Expect(HttpStatusCode.OK);
        Assert.Equal([id], listed["items"]!.AsArray().Select(r => (string)r!["id"]!));

        var updated = await (await _client.PutAsync($"/api/v1/rules/{id}",
            ApiCalls.Json($$"""{"name":"Very high","tags":["{{tag}}"],"conditions":[{"field":"amount","operator":"greater_than","value":1000}]}""")))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(2, (int?)updated["version"]);
        var now = await (await _client.PostJson($"/api/v1/rules/{id}/evaluate", """{"data":{"amount":150}}""")).Expect(HttpStatusCode.OK);
        Assert.False((bool)now["passed"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/rules/{id}")).StatusCode);
        await (await _client.GetAsync($"/api/v1/rules/{id}")).ExpectProblem(HttpStatusCode.NotFound, "RULE_NOT_FOUND");
    }

    [Fact]
    public async Task Errors_are_problems_with_stable_codes()
    {
        await (await _client.GetAsync("/api/v1/workflows/no_such_workflow")).ExpectProblem(HttpStatusCode.NotFound, "WORKFLOW_NOT_FOUND");
        await (await _client.GetAsync("/api/v1/tokens/no_such_token")).ExpectProblem(HttpStatusCode.NotFound, "TOKEN_NOT_FOUND");
        await (await _client.Fire("no_such_token", "submit")).ExpectProblem(HttpStatusCode.NotFound, "TOKEN_NOT_FOUND");
        await (await _client.PostJson("/api/v1/tokens", """{"workflowId":"no_such_workflow"}"""))
            .ExpectProblem(HttpStatusCode.NotFound, "WORKFLOW_NOT_FOUND");

        var id = await _client.CreateToken("document_approval_v1");
        await (await _client.Fire(id, "no_such_transition")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "UNKNOWN_TRANSITION");
        var disabled = await (await _client.Fire(id, "approve")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "TRANSITION_NOT_ENABLED");
        Assert.Contains("review", disabled);
        var guard = await (await _client.Fire(id, "submit")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "GUARD_FAILED");
        Assert.Contains("title", guard);
        await (await _client.Fire(id, "submit", ""","expectedVersion":99""")).ExpectProblem(HttpStatusCode.Conflict, "VERSION_CONFLICT");

        await (await _client.PostJson("/api/v1/tokens", "{not json")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_JSON");
        await (await _client.PostJson("/api/v1/tokens", "[1,2]")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_JSON");
        await (await _client.PostJson($"/api/v1/tokens/{id}/fire", "")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_JSON");
        var wrongType = await (await _client.PostJson("/api/v1/tokens", """{"workflowId":42}""")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        Assert.Contains("workflowId", wrongType);
        await (await _client.PostJson("/api/v1/tokens", """{"workflowId":"document_approval_v1","data":"text"}"""))
            .ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        await (await _client.Fire(id, "submit", ""","expectedVersion":"one" """)).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        await (await _client.PostJson("/api/v1/tokens", """{"data":{}}""")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        await (await _client.GetAsync("/api/v1/tokens?first=lots")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        await (await _client.PostJson("/api/v1/workflows", """{"id":"broken","states":"nope"}"""))
            .ExpectProblem(HttpStatusCode.BadRequest, "INVALID_DEFINITION");

        await (await _client.PostJson("/api/v1/tokens", """{"workflowId":""}""")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        await (await _client.PostJson("/api/v1/tokens", """{"workflowId":"document_approval_v1","id":"a/b"}"""))
            .ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        await (await _client.PostJson("/api/v1/workflows", ApiCalls.LinearWorkflow("bad/id"))).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        await (await _client.PostJson("/api/v1/rules", """{"id":" ","conditions":[]}""")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        await (await _client.Fire(id, "")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        await (await _client.GetAsync("/api/v1/no/such/endpoint")).ExpectProblem(HttpStatusCode.NotFound, "NOT_FOUND");

        // Nothing above hurt the gateway.
        await (await _client.GetAsync($"/api/v1/tokens/{id}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Fifty_parallel_fires_of_one_transition_succeed_exactly_once()
    {
        var id = await _client.CreateToken("document_approval_v1", """{"title":"race"}""");
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _client.Fire(id, "submit")));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await refused.ExpectProblem(HttpStatusCode.UnprocessableEntity, "TRANSITION_NOT_ENABLED");
        var history = await (await _client.GetAsync($"/api/v1/tokens/{id}/history")).Expect(HttpStatusCode.OK);
        Assert.Single(history["items"]!.AsArray());
    }

    [Fact]
    public async Task Openapi_document_and_landing_page()
    {
        var document = await (await _client.GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var paths = document["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/v1/tokens/{id}/fire"), string.Join(", ", paths.Select(p => p.Key)));
        Assert.True(paths.ContainsKey("/api/v1/workflows"));
        Assert.True(paths.ContainsKey("/api/v1/events"));
        var listTokens = paths["/api/v1/tokens"]!["get"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!).ToList();
        Assert.Contains("workflowId", listTokens);
        Assert.Contains("after", listTokens);
        Assert.Equal("#/components/schemas/FireBody",
            (string?)paths["/api/v1/tokens/{id}/fire"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]);

        using var landing = await _client.GetAsync("/");
        Assert.Equal("text/html", landing.Content.Headers.ContentType?.MediaType);
        var html = await landing.Content.ReadAsStringAsync();
        Assert.Contains("href=\"/graphql\"", html);
        Assert.Contains("href=\"/openapi/v1.json\"", html);
        Assert.Contains("href=\"/docs/API.md\"", html);
        using var doc = await _client.GetAsync("/docs/API.md");
        Assert.Equal(HttpStatusCode.OK, doc.StatusCode);
        Assert.Contains("/api/v1", await doc.Content.ReadAsStringAsync());
    }

    private async Task<HashSet<string>> AllWorkflowIds()
    {
        var ids = new HashSet<string>();
        string? after = null;
        do
        {
            var page = await (await _client.GetAsync("/api/v1/workflows?first=100" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}")))
                .Expect(HttpStatusCode.OK);
            foreach (var w in page["items"]!.AsArray()) ids.Add((string)w!["id"]!);
            after = (bool)page["hasNextPage"]! ? (string?)page["endCursor"] : null;
        } while (after is not null);
        return ids;
    }
}
