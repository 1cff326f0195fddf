using System.Net;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Security.Tests;

/// <summary>Issue 13 item 4: definitions have size limits, analyses end at their budget, creation does not analyse.</summary>
[Collection(SecuredCollection.Name)]
public sealed class BoundedWorkTests(SecuredGateway fixture)
{
    private readonly HttpClient _client = fixture.Gateway.Client;

    /// <summary>A chain p0 → p1 → … of <paramref name="places"/> places.</summary>
    public static string Chain(string id, int places)
    {
        var definition = new JsonObject
        {
            ["id"] = id,
            ["places"] = new JsonArray([.. Enumerable.Range(0, places).Select(i => (JsonNode?)new JsonObject { ["id"] = $"p{i}" })]),
            ["transitions"] = new JsonArray([.. Enumerable.Range(0, places - 1).Select(i => (JsonNode?)new JsonObject
            {
                ["id"] = $"t{i}", ["inputs"] = new JsonArray($"p{i}"), ["outputs"] = new JsonArray($"p{i + 1}"),
            })]),
            ["initialMarking"] = new JsonObject { ["p0"] = 1 },
            ["finalPlaces"] = new JsonArray($"p{places - 1}"),
        };
        return definition.ToJsonString();
    }

    [Fact(Skip = "issue 13 item 4 is not fixed yet; this test fails until it is")]
    public async Task A_definition_over_the_size_limits_is_refused_with_the_limit_named()
    {
        // 5,000 places is well under the 1 MiB body limit.
        var chain = Chain(ApiCalls.NewId("big"), 5000);
        foreach (var path in new[] { "/api/v1/workflows", "/api/v1/workflows/analyze", "/api/v1/workflows/validate" })
        {
            var detail = await (await _client.PostJson(path, chain, SecuredGateway.AdminKey))
                .ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "DEFINITION_TOO_LARGE");
            Assert.Contains("MaxPlaces", detail);
        }
    }

    [Fact(Skip = "issue 13 item 4 is not fixed yet; this test fails until it is")]
    public async Task An_analysis_over_its_memory_budget_answers_what_it_found_with_complete_false()
    {
        // 1,000 places: few states, but a witness per place and transition (about 1,000 × 1,000 entries) is over the 16 MB budget.
        var body = await (await _client.PostJson("/api/v1/workflows/analyze", Chain(ApiCalls.NewId("chain"), 1000), SecuredGateway.AdminKey))
            .Expect(HttpStatusCode.OK);
        var report = body["report"]!;
        Assert.False((bool)report["complete"]!);
        Assert.Equal("MemoryBudget", (string?)report["stop"]);
        Assert.Equal(1000, (int)report["places"]!);
    }

    [Fact(Skip = "issue 13 item 4 is not fixed yet; this test fails until it is")]
    public async Task Creating_a_workflow_does_not_wait_for_an_analysis_it_did_not_ask_for()
    {
        // The chain's dead-end: 'b' has no exit; the analysis would say so, the creation answers without analysing.
        var id = ApiCalls.NewId("noanalysis");
        var definition = $$"""
            {"id":"{{id}}","places":[{"id":"a"},{"id":"b"},{"id":"c"}],
             "transitions":[{"id":"ab","inputs":["a"],"outputs":["b"]},{"id":"ac","inputs":["a"],"outputs":["c"]}],
             "initialMarking":{"a":1},"finalPlaces":["c"]}
            """;
        var created = await (await _client.PostJson("/api/v1/workflows", definition, SecuredGateway.AdminKey)).Expect(HttpStatusCode.Created);
        Assert.DoesNotContain(created["warnings"]!.AsArray(), w => (string?)w!["code"] == "analysis");
        // Asked for, the analysis is there.
        var analysis = await (await _client.Get($"/api/v1/workflows/{id}/analysis", SecuredGateway.AdminKey)).Expect(HttpStatusCode.OK);
        Assert.False((bool?)analysis["sound"]);
        // requireSound asks for it on creation.
        var unsound = definition.Replace(id, id + "_x", StringComparison.Ordinal);
        await (await _client.PostJson("/api/v1/workflows?requireSound=true", unsound, SecuredGateway.AdminKey))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "UNSOUND_WORKFLOW");
    }
}
