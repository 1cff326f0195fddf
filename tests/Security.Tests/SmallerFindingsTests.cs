using System.Net;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Security.Tests;

/// <summary>Issue 13 item 7: error texts, provider health, per-model breakers, guarded exits, the deployment example, generated ids.</summary>
[Collection(SecuredCollection.Name)]
public sealed class SmallerFindingsTests(SecuredGateway fixture)
{
    private const string Admin = SecuredGateway.AdminKey;
    private readonly HttpClient _client = fixture.Gateway.Client;

    private async Task<(string Text, JsonNode Json)> GraphQL(string query, string key = Admin)
    {
        using var response = await _client.PostJson("/graphql", new JsonObject { ["query"] = query }.ToJsonString(), key);
        var text = await response.Content.ReadAsStringAsync();
        return (text, JsonNode.Parse(text)!);
    }

    [Fact]
    public async Task A_quoted_enum_value_is_explained_and_messages_are_not_escaped()
    {
        var (_, json) = await GraphQL("""{ tokens(status: "active") { id } }""");
        var message = (string)json["errors"]![0]!["message"]!;
        Assert.DoesNotContain("Did you mean the enum value \"active\"", message);
        Assert.Contains("without quotes", message);

        // '>' and '\'' appear as themselves in the JSON text of REST and GraphQL errors.
        var (text, _) = await GraphQL("""{ workflow(id: "it's>here") { id } }""");
        Assert.DoesNotContain("\\u0027", text);
        Assert.DoesNotContain("\\u003E", text);
        using var rest = await _client.Get("/api/v1/workflows/it's>here", Admin);
        var restText = await rest.Content.ReadAsStringAsync();
        Assert.DoesNotContain("\\u0027", restText);
        Assert.DoesNotContain("\\u003E", restText);
    }

    [Fact]
    public async Task A_place_whose_only_exits_are_guarded_is_warned_about()
    {
        var order = await (await _client.Get("/api/v1/workflows/order_processing_v1", Admin)).Expect(HttpStatusCode.OK);
        var validation = await (await _client.PostJson("/api/v1/workflows/validate", order["definition"]!.ToJsonString(), Admin)).Expect(HttpStatusCode.OK);
        Assert.Contains(validation["warnings"]!.AsArray(), w => (string?)w!["code"] == "guarded_exits_only"
            && ((string)w["message"]!).Contains("payment_pending", StringComparison.Ordinal));
        var analysis = await (await _client.Get("/api/v1/workflows/order_processing_v1/analysis", Admin)).Expect(HttpStatusCode.OK);
        Assert.Contains(analysis["summary"]!.AsArray(), s => ((string)s!).Contains("payment_pending", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_deployment_example_rolls_back_from_production()
    {
        var token = await _client.CreateToken("deployment_pipeline_v1", """{"tests_passed":true,"approvals":2}""", Admin);
        await (await _client.Fire(token, "deploy_staging", apiKey: Admin)).Expect(HttpStatusCode.OK);
        await (await _client.Fire(token, "promote_production", apiKey: Admin)).Expect(HttpStatusCode.OK);
        var rolledBack = await (await _client.Fire(token, "rollback", apiKey: Admin)).Expect(HttpStatusCode.OK);
        Assert.Equal("rollback", (string?)rolledBack["token"]!["state"]);
    }

    [Fact]
    public async Task Rest_creates_an_id_when_none_is_given_in_the_shape_graphql_uses()
    {
        var created = await (await _client.PostJson("/api/v1/workflows",
            """{"name":"Expense Claims","states":["a","b"],"initialState":"a","finalStates":["b"],"transitions":[{"id":"ab","fromStates":["a"],"toState":"b"}]}""",
            Admin)).Expect(HttpStatusCode.Created);
        Assert.Matches("^expense_claims_[0-9a-f]{8}$", (string)created["id"]!);
        var (text, json) = await GraphQL("""mutation { createWorkflow(input: {name: "Expense Claims", states: ["a","b"], initialState: "a", finalStates: ["b"], transitions: [{id: "ab", fromStates: ["a"], toState: "b"}]}) { id } }""");
        Assert.True(json["data"]?["createWorkflow"]?["id"] is not null, text);
        Assert.Matches("^expense_claims_[0-9a-f]{8}$", (string)json["data"]!["createWorkflow"]!["id"]!);
    }
}
