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

    /// <summary><see cref="Chain"/> of <paramref name="places"/> places plus <paramref name="toggles"/> pairs x ⇄ y, each marked once.</summary>
    public static string ChainWithToggles(string id, int places, int toggles)
    {
        var definition = JsonNode.Parse(Chain(id, places))!.AsObject();
        var placeList = definition["places"]!.AsArray();
        var transitions = definition["transitions"]!.AsArray();
        var marking = definition["initialMarking"]!.AsObject();
        for (var i = 0; i < toggles; i++)
        {
            placeList.Add(new JsonObject { ["id"] = $"x{i}" });
            placeList.Add(new JsonObject { ["id"] = $"y{i}" });
            transitions.Add(new JsonObject { ["id"] = $"on{i}", ["inputs"] = new JsonArray($"x{i}"), ["outputs"] = new JsonArray($"y{i}") });
            transitions.Add(new JsonObject { ["id"] = $"off{i}", ["inputs"] = new JsonArray($"y{i}"), ["outputs"] = new JsonArray($"x{i}") });
            marking[$"x{i}"] = 1;
        }
        return definition.ToJsonString();
    }

    [Fact]
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

    [Fact]
    public async Task GraphQL_refuses_a_definition_over_the_size_limits_with_the_code()
    {
        var input = new JsonObject
        {
            ["name"] = "Big",
            ["states"] = new JsonArray([.. Enumerable.Range(0, 5000).Select(i => (JsonNode?)$"s{i}")]),
            ["transitions"] = new JsonArray([.. Enumerable.Range(0, 4999).Select(i => (JsonNode?)new JsonObject
            {
                ["id"] = $"t{i}", ["fromStates"] = new JsonArray($"s{i}"), ["toState"] = $"s{i + 1}",
            })]),
            ["initialState"] = "s0",
            ["finalStates"] = new JsonArray("s4999"),
        };
        foreach (var query in new[]
        {
            "query($i: CreateWorkflowInput!) { validateWorkflow(input: $i) { valid } }",
            "mutation($i: CreateWorkflowInput!) { createWorkflow(input: $i) { id } }",
        })
        {
            var body = new JsonObject { ["query"] = query, ["variables"] = new JsonObject { ["i"] = input.DeepClone() } };
            using var response = await _client.PostJson("/graphql", body.ToJsonString(), SecuredGateway.AdminKey);
            var text = await response.Content.ReadAsStringAsync();
            var error = JsonNode.Parse(text)!["errors"]?[0];
            Assert.True((string?)error?["extensions"]?["code"] == "DEFINITION_TOO_LARGE", text);
            Assert.Contains("MaxPlaces", (string)error!["message"]!);
        }
    }

    [Fact]
    public async Task An_analysis_over_its_memory_budget_answers_what_it_found_with_complete_false()
    {
        // 1,000 places whose states need about 125 bytes each; ten independent toggles beside the chain make about a
        // million states, far more than the 16 MB budget holds (and more than the state limit, which it reaches first).
        // Witnesses are rebuilt on demand now, so the plain chain alone (1,000 states) fits and completes.
        var body = await (await _client.PostJson("/api/v1/workflows/analyze", ChainWithToggles(ApiCalls.NewId("chain"), 980, 10), SecuredGateway.AdminKey))
            .Expect(HttpStatusCode.OK);
        var report = body["report"]!;
        Assert.False((bool)report["complete"]!);
        Assert.Equal("MemoryBudget", (string?)report["stop"]);
        Assert.Equal(1000, (int)report["places"]!);

        // Without the toggles the same 1,000 places complete: the report no longer grows with places × depth.
        var chain = await (await _client.PostJson("/api/v1/workflows/analyze", Chain(ApiCalls.NewId("chain"), 1000), SecuredGateway.AdminKey))
            .Expect(HttpStatusCode.OK);
        Assert.True((bool)chain["report"]!["complete"]!);
    }

    [Fact]
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
