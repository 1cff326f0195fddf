using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Security.Tests;

/// <summary>Issue 13 item 3: list cursors are opaque and bound to the tenant; ids are scoped per tenant.</summary>
[Collection(SecuredCollection.Name)]
public sealed class TenantIdTests(SecuredGateway fixture)
{
    private readonly HttpClient _client = fixture.Gateway.Client;

    [Fact]
    public async Task A_cursor_reveals_no_id_and_opens_only_for_the_tenant_it_was_given_to()
    {
        var ids = new[] { ApiCalls.NewId("curs"), ApiCalls.NewId("curs") };
        foreach (var id in ids) await (await _client.PostJson("/api/v1/workflows", ApiCalls.LinearWorkflow(id), SecuredGateway.KeyA)).Expect(HttpStatusCode.Created);

        var page = await (await _client.Send(HttpMethod.Get, "/api/v1/workflows?first=1", null, SecuredGateway.KeyA)).Expect(HttpStatusCode.OK);
        var cursor = (string)page["endCursor"]!;
        var listed = (string)page["items"]![0]!["id"]!;
        Assert.DoesNotContain(listed, cursor, StringComparison.Ordinal);
        Assert.DoesNotContain(listed, Decoded(cursor), StringComparison.Ordinal);

        var next = await (await _client.Send(HttpMethod.Get, $"/api/v1/workflows?first=1&after={Uri.EscapeDataString(cursor)}", null, SecuredGateway.KeyA)).Expect(HttpStatusCode.OK);
        Assert.NotEqual(listed, (string?)next["items"]![0]!["id"]);

        await (await _client.Send(HttpMethod.Get, $"/api/v1/workflows?first=1&after={Uri.EscapeDataString(cursor)}", null, SecuredGateway.KeyB))
            .ExpectProblem(HttpStatusCode.BadRequest, "INVALID_CURSOR");
        await (await _client.Send(HttpMethod.Get, $"/api/v1/tokens?after={Uri.EscapeDataString(cursor)}", null, SecuredGateway.KeyB))
            .ExpectProblem(HttpStatusCode.BadRequest, "INVALID_CURSOR");
    }

    [Fact]
    public async Task Two_tenants_may_use_the_same_workflow_token_and_rule_ids_and_each_sees_only_its_own()
    {
        var (a, b) = (SecuredGateway.KeyA, SecuredGateway.KeyB);
        var (wf, token, rule) = (ApiCalls.NewId("doc"), ApiCalls.NewId("tok"), ApiCalls.NewId("rule"));
        // Same rule id, different conditions: A's needs "ok", B's needs "other".
        await (await _client.PostJson("/api/v1/rules", $$"""{"id":"{{rule}}","conditions":[{"field":"ok","operator":"exists"}]}""", a)).Expect(HttpStatusCode.Created);
        await (await _client.PostJson("/api/v1/rules", $$"""{"id":"{{rule}}","conditions":[{"field":"other","operator":"exists"}]}""", b)).Expect(HttpStatusCode.Created);
        var guarded = ApiCalls.LinearWorkflow(wf).Replace("\"toState\": \"b\"", $$"""
            "toState": "b", "conditions": [{"ruleId": "{{rule}}"}]
            """);
        Assert.Contains(rule, guarded);
        await (await _client.PostJson("/api/v1/workflows", guarded, a)).Expect(HttpStatusCode.Created);
        await (await _client.PostJson("/api/v1/workflows", guarded, b)).Expect(HttpStatusCode.Created);
        foreach (var key in new[] { a, b })
            await (await _client.PostJson("/api/v1/tokens", $"{{\"id\":\"{token}\",\"workflowId\":\"{wf}\",\"data\":{{\"ok\":true}}}}", key)).Expect(HttpStatusCode.Created);

        // Each tenant's guard resolves its own rule: the same data passes A's and fails B's.
        var fired = await (await _client.Fire(token, "ab", apiKey: a)).Expect(HttpStatusCode.OK);
        Assert.Equal("b", (string?)fired["token"]?["state"] ?? (string?)fired["state"]);
        await (await _client.Fire(token, "ab", apiKey: b)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "GUARD_FAILED");

        var mine = await (await _client.Get($"/api/v1/tokens/{token}", a)).Expect(HttpStatusCode.OK);
        var theirs = await (await _client.Get($"/api/v1/tokens/{token}", b)).Expect(HttpStatusCode.OK);
        Assert.Equal((token, "b", "tenant-a", wf), ((string)mine["id"]!, (string)mine["state"]!, (string)mine["tenantId"]!, (string)mine["workflowId"]!));
        Assert.Equal((token, "a", "tenant-b", wf), ((string)theirs["id"]!, (string)theirs["state"]!, (string)theirs["tenantId"]!, (string)theirs["workflowId"]!));
        Assert.Single((await (await _client.Get($"/api/v1/tokens/{token}/history", a)).Expect(HttpStatusCode.OK))["items"]!.AsArray());
        Assert.Empty((await (await _client.Get($"/api/v1/tokens/{token}/history", b)).Expect(HttpStatusCode.OK))["items"]!.AsArray());
        foreach (var key in new[] { a, b })
        {
            var listed = await (await _client.Get($"/api/v1/tokens?workflowId={wf}", key)).Expect(HttpStatusCode.OK);
            Assert.Equal([token], listed["items"]!.AsArray().Select(t => (string)t!["id"]!));
            Assert.Equal(key == a ? "b" : "a", (string?)listed["items"]![0]!["state"]);
            var definition = await (await _client.Get($"/api/v1/workflows/{wf}", key)).Expect(HttpStatusCode.OK);
            Assert.Equal(wf, (string?)definition["id"]);
            var storedRule = await (await _client.Get($"/api/v1/rules/{rule}", key)).Expect(HttpStatusCode.OK);
            Assert.Equal(rule, (string?)storedRule["id"]);
            Assert.Contains(key == a ? "\"ok\"" : "\"other\"", storedRule.ToJsonString());
        }

        // Ids never show the tenant, GraphQL included.
        var graphql = await Graphql("{ token(id: \"" + token + "\") { id workflowId state workflow { id } history { transitionId } } }", a);
        Assert.Equal(token, (string?)graphql["data"]!["token"]!["id"]);
        Assert.Equal(wf, (string?)graphql["data"]!["token"]!["workflow"]!["id"]);
        Assert.Single(graphql["data"]!["token"]!["history"]!.AsArray());

        // A creating the id again is still refused, within A only.
        await (await _client.PostJson("/api/v1/workflows", guarded, a)).ExpectProblem(HttpStatusCode.Conflict, "WORKFLOW_EXISTS");
    }

    [Fact]
    public async Task A_workflow_feed_replays_only_its_tenants_events()
    {
        var wf = ApiCalls.NewId("feed");
        foreach (var key in new[] { SecuredGateway.KeyA, SecuredGateway.KeyB })
            await (await _client.PostJson("/api/v1/workflows", ApiCalls.LinearWorkflow(wf), key)).Expect(HttpStatusCode.Created);
        var aToken = await _client.CreateToken(wf, apiKey: SecuredGateway.KeyA);
        await (await _client.Fire(aToken, "ab", apiKey: SecuredGateway.KeyA)).Expect(HttpStatusCode.OK);
        var bToken = await _client.CreateToken(wf, apiKey: SecuredGateway.KeyB);

        // Each feed numbers its tenant's events from 1: were feeds shared, B's first event would be A's creation.
        Assert.Equal([(1L, "created", bToken)], await FeedAsync(wf, SecuredGateway.KeyB, 1));
        Assert.Equal([(1L, "created", aToken), (2L, "fired", aToken)], await FeedAsync(wf, SecuredGateway.KeyA, 2));
    }

    [Fact]
    public async Task An_administrator_acts_within_a_tenant_by_header_and_a_tenant_cannot()
    {
        var wf = ApiCalls.NewId("adm");
        await (await _client.PostJson("/api/v1/workflows", ApiCalls.LinearWorkflow(wf), SecuredGateway.KeyA)).Expect(HttpStatusCode.Created);
        var token = await _client.CreateToken(wf, apiKey: SecuredGateway.KeyA);

        // Without the header an administrator names ids without a tenant: A's token is not among them.
        await (await _client.Get($"/api/v1/tokens/{token}", SecuredGateway.AdminKey)).ExpectProblem(HttpStatusCode.NotFound, "TOKEN_NOT_FOUND");
        var asA = await (await Send(HttpMethod.Get, $"/api/v1/tokens/{token}", SecuredGateway.AdminKey, "tenant-a")).Expect(HttpStatusCode.OK);
        Assert.Equal(("tenant-a", token), ((string)asA["tenantId"]!, (string)asA["id"]!));
        // The administrator's listing spans tenants and shows each item's tenant.
        var all = await (await _client.Get($"/api/v1/workflows?first=1000", SecuredGateway.AdminKey)).Expect(HttpStatusCode.OK);
        Assert.Contains(all["items"]!.AsArray(), w => (string?)w!["id"] == wf);

        await (await Send(HttpMethod.Get, $"/api/v1/tokens/{token}", SecuredGateway.KeyB, "tenant-a")).ExpectProblem(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await Send(HttpMethod.Get, $"/api/v1/tokens/{token}", SecuredGateway.KeyA, "tenant-a")).Expect(HttpStatusCode.OK);
        await (await Send(HttpMethod.Get, $"/api/v1/tokens/{token}", SecuredGateway.AdminKey, "a/b")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string key, string actAs)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("X-Tenant-Id", actAs);
        return _client.SendAsync(request);
    }

    private async Task<JsonNode> Graphql(string query, string key) =>
        await (await _client.PostJson("/graphql", new JsonObject { ["query"] = query }.ToJsonString(), key)).Expect(HttpStatusCode.OK);

    /// <summary>The first <paramref name="count"/> events of a workflow's server-sent feed replayed from the start.</summary>
    private async Task<List<(long Sequence, string Kind, string TokenId)>> FeedAsync(string workflowId, string key, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events?workflowId={workflowId}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("Last-Event-ID", "0");
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = new List<(long, string, string)>();
        while (events.Count < count && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal)) continue;
            var data = JsonNode.Parse(line["data:".Length..])!;
            events.Add(((long)data["sequence"]!, (string)data["kind"]!, (string)data["tokenId"]!));
        }
        return events;
    }

    // Whatever base64 the cursor may be, its bytes as text.
    private static string Decoded(string cursor)
    {
        var b64 = cursor.Replace('-', '+').Replace('_', '/');
        b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
        try { return Encoding.Latin1.GetString(Convert.FromBase64String(b64)); }
        catch (FormatException) { return cursor; }
    }
}
