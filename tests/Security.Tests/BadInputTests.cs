using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Security.Tests;

/// <summary>Issue 13 item 5: bad input is a 4xx problem, never a 500, never silently dropped.</summary>
[Collection(SecuredCollection.Name)]
public sealed class BadInputTests(SecuredGateway fixture)
{
    private const string Admin = SecuredGateway.AdminKey;
    private const string KeyA = SecuredGateway.KeyA;
    private readonly HttpClient _client = fixture.Gateway.Client;

    private async Task<string> Workflow()
    {
        var id = ApiCalls.NewId("wf");
        await (await _client.PostJson("/api/v1/workflows", ApiCalls.LinearWorkflow(id), Admin)).Expect(HttpStatusCode.Created);
        return id;
    }

    [Fact]
    public async Task Malformed_cursors_strings_keys_ids_and_utf8_answer_400_not_500()
    {
        var wf = await Workflow();
        await (await _client.Get("/api/v1/tokens?after=zzzz", Admin)).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_CURSOR");
        await (await _client.Get("/api/v1/workflows?after=zzzz", Admin)).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_CURSOR");
        var nul = await (await _client.PostJson("/api/v1/tokens", $$$"""{"workflowId":"{{{wf}}}","data":{"a":"x\u0000y"}}""", Admin))
            .ExpectProblem(HttpStatusCode.BadRequest, "INVALID_JSON");
        Assert.Contains("$.data.a", nul);
        var surrogate = await (await _client.PostJson("/api/v1/tokens", $$$"""{"workflowId":"{{{wf}}}","data":{"a":"\ud800"}}""", Admin))
            .ExpectProblem(HttpStatusCode.BadRequest, "INVALID_JSON");
        Assert.Contains("$.data.a", surrogate);
        var duplicate = await (await _client.PostJson("/api/v1/tokens", $$"""{"workflowId":"{{wf}}","workflowId":"other"}""", Admin))
            .ExpectProblem(HttpStatusCode.BadRequest, "INVALID_JSON");
        Assert.Contains("workflowId", duplicate);
        var longId = new string('a', 8000);
        var tooLong = await (await _client.Get($"/api/v1/tokens/{longId}", Admin)).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        Assert.True(tooLong.Length < 400, "the detail must not echo the whole id");
        await (await _client.Get($"/api/v1/workflows/{longId}", Admin)).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");

        using var graphql = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new ByteArrayContent([.. Encoding.UTF8.GetBytes("""{"query":"{ __typename """), 0xff, 0xfe, .. Encoding.UTF8.GetBytes("""}"}""")]),
        };
        graphql.Content.Headers.ContentType = new("application/json");
        graphql.Headers.Add("X-Api-Key", Admin);
        using var answer = await _client.SendAsync(graphql);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{(int)answer.StatusCode}: {text}");
        Assert.Contains("UTF-8", text);
    }

    [Fact]
    public async Task Unknown_fields_are_refused_with_their_json_path()
    {
        var wf = await Workflow();
        var guard = await (await _client.PostJson("/api/v1/workflows", $$$"""
            {"id":"{{{ApiCalls.NewId("typo")}}}","states":["a","b"],"initialState":"a","finalStates":["b"],
             "transitions":[{"id":"ab","fromStates":["a"],"toState":"b","gaurd":{"field":"x","operator":"exists"}}]}
            """, Admin)).ExpectProblem(HttpStatusCode.BadRequest, "UNKNOWN_FIELD");
        Assert.Contains("$.transitions[0].gaurd", guard);
        foreach (var field in new[] { "onEnter", "automatic" })
        {
            var detail = await (await _client.PostJson("/api/v1/workflows", $$"""
                {"id":"{{ApiCalls.NewId("future")}}","states":["a","b"],"initialState":"a","finalStates":["b"],
                 "transitions":[{"id":"ab","fromStates":["a"],"toState":"b","{{field}}":true}]}
                """, Admin)).ExpectProblem(HttpStatusCode.BadRequest, "UNKNOWN_FIELD");
            Assert.Contains($"$.transitions[0].{field}", detail);
        }
        var dta = await (await _client.PostJson("/api/v1/tokens", $$$"""{"workflowId":"{{{wf}}}","dta":{"x":1}}""", Admin))
            .ExpectProblem(HttpStatusCode.BadRequest, "UNKNOWN_FIELD");
        Assert.Contains("$.dta", dta);
        var token = await _client.CreateToken(wf, apiKey: Admin);
        var fire = await (await _client.PostJson($"/api/v1/tokens/{token}/fire", """{"transitionId":"ab","dta":{}}""", Admin))
            .ExpectProblem(HttpStatusCode.BadRequest, "UNKNOWN_FIELD");
        Assert.Contains("$.dta", fire);
        var rule = await (await _client.PostJson("/api/v1/rules", $$"""{"id":"{{ApiCalls.NewId("rule")}}","conditons":[]}""", Admin))
            .ExpectProblem(HttpStatusCode.BadRequest, "UNKNOWN_FIELD");
        Assert.Contains("$.conditons", rule);
    }

    [Fact]
    public async Task Unknown_fields_in_json_scalars_of_graphql_definitions_are_refused_with_their_json_path()
    {
        var query = $$"""
            mutation { createWorkflow(input: {id: "{{ApiCalls.NewId("gqltypo")}}", places: [{id: "a"}, {id: "b", colour: "red"}],
              transitions: [{id: "ab", inputs: [{place: "a"}], outputs: [{place: "b", wieght: 2}]}], initialState: "a", finalStates: ["b"]}) { id } }
            """;
        using var response = await _client.PostJson("/graphql", new System.Text.Json.Nodes.JsonObject { ["query"] = query }.ToJsonString(), Admin);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var error = json["errors"]![0]!;
        Assert.Equal("UNKNOWN_FIELD", (string?)error["extensions"]!["code"]);
        Assert.Contains("$.places[1].colour", (string)error["message"]!);
        Assert.Null(json["data"]?["createWorkflow"]);
    }

    [Fact]
    public async Task A_nul_in_graphql_token_data_is_invalid_input_not_a_storage_failure()
    {
        var wf = await Workflow();
        var query = $$$"""mutation { createToken(input: {workflowId: "{{{wf}}}", data: {a: "x\u0000y"}}) { id } }""";
        using var response = await _client.PostJson("/graphql", new System.Text.Json.Nodes.JsonObject { ["query"] = query }.ToJsonString(), Admin);
        var text = await response.Content.ReadAsStringAsync();
        var json = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        Assert.True((string?)json["errors"]?[0]?["extensions"]?["code"] == "INVALID_INPUT", text);
        Assert.Contains("$.a", (string)json["errors"]![0]!["message"]!);
    }

    [Fact]
    public async Task An_unknown_status_filter_is_400()
    {
        var detail = await (await _client.Get("/api/v1/tokens?status=bogus", Admin)).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        Assert.Contains("active", detail);
        await (await _client.Get("/api/v1/tokens?status=active", Admin)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Form_and_text_bodies_are_415()
    {
        await (await _client.Send(HttpMethod.Post, "/api/v1/tokens", "workflowId=x", Admin, "application/x-www-form-urlencoded"))
            .ExpectProblem(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        await (await _client.Send(HttpMethod.Post, "/api/v1/workflows", "{}", Admin, "text/plain"))
            .ExpectProblem(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        await (await _client.Send(HttpMethod.Post, "/api/v1/rules", "{}", Admin, "text/plain"))
            .ExpectProblem(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task An_idempotency_key_reused_for_a_different_request_is_422()
    {
        var wf = await Workflow();
        var token = await _client.CreateToken(wf, apiKey: Admin);
        await (await _client.Fire(token, "ab", """, "idempotencyKey":"k1", "data":{"n":1}""", Admin)).Expect(HttpStatusCode.OK);
        // The same request again replays.
        var replay = await (await _client.Fire(token, "ab", """, "idempotencyKey":"k1", "data":{"n":1}""", Admin)).Expect(HttpStatusCode.OK);
        Assert.True((bool)replay["replayed"]!);
        await (await _client.Fire(token, "ab", """, "idempotencyKey":"k1", "data":{"n":2}""", Admin))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        await (await _client.Fire(token, "bc", """, "idempotencyKey":"k1", "data":{"n":1}""", Admin))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
    }

    [Fact]
    public async Task Unknown_fields_inside_rule_definitions_and_conditions_are_refused_with_their_json_path()
    {
        async Task<string> Refused(string body) =>
            await (await _client.PostJson("/api/v1/rules", body, Admin)).ExpectProblem(HttpStatusCode.BadRequest, "UNKNOWN_FIELD");

        Assert.Contains("$.conditions[0].operatr", await Refused(
            $$$"""{"id":"{{{ApiCalls.NewId("rule")}}}","conditions":[{"field":"x","operatr":"exists"}]}"""));
        // Without this check the comparison ran with no value at all.
        Assert.Contains("$.conditions[0].vlaue", await Refused(
            $$$"""{"id":"{{{ApiCalls.NewId("rule")}}}","conditions":[{"field":"x","operator":"greater_than","vlaue":3}]}"""));
        Assert.Contains("$.definition.conditions[0].conditions[1].feild", await Refused($$$"""
            {"id":"{{{ApiCalls.NewId("rule")}}}","type":"seed","definition":{"combinator":"OR","conditions":[
              {"combinator":"AND","conditions":[{"field":"a","operator":"exists"},{"feild":"b","operator":"exists"}]}]}}
            """));
        Assert.Contains("$.definition.actoins", await Refused(
            $$$"""{"id":"{{{ApiCalls.NewId("rule")}}}","definition":{"conditions":[],"actoins":[]}}"""));
        Assert.Contains("$.condition.rules[0].valeu", await Refused(
            $$$"""{"id":"{{{ApiCalls.NewId("rule")}}}","condition":{"type":"Not","rules":[{"type":"FieldEquals","field":"a","valeu":1}]}}"""));
        Assert.Contains("$.conditions[0].rulId", await Refused(
            $$$"""{"id":"{{{ApiCalls.NewId("rule")}}}","conditions":[{"ruleId":"other","rulId":"x"}]}"""));

        // Every accepted form still saves, JSON Logic inside stays free-form, and API.md's top-level jsonLogic is accepted.
        await (await _client.PostJson("/api/v1/rules", $$$"""
            {"id":"{{{ApiCalls.NewId("rule")}}}","name":"n","tags":["t"],"combinator":"AND","actions":[],"conditions":[
              {"field":"a","operator":"equals","value":1},{"group":"g","combinator":"NOT","conditions":[{"rule":"r1"}]},"r2",
              {"type":"FieldExists","field":"b"},{"type":"Or","conditions":[{"ruleId":"r3"}]},
              {"jsonLogic":{">":[{"var":"data.n"},1]}},{"<":[{"var":"data.n"},9]}]}
            """, Admin)).Expect(HttpStatusCode.Created);
        await (await _client.PostJson("/api/v1/rules", $$$"""{"id":"{{{ApiCalls.NewId("rule")}}}","jsonLogic":{">":[{"var":"data.amount"},100]}}""", Admin))
            .Expect(HttpStatusCode.Created);

        // GraphQL goes through the same rule grain.
        var query = $$$"""mutation { createRule(input: {id: "{{{ApiCalls.NewId("gqlrule")}}}", conditions: [{field: "x", operatr: "exists"}]}) { id } }""";
        var json = (await (await _client.PostJson("/graphql", new JsonObject { ["query"] = query }.ToJsonString(), Admin)).Content.ReadAsStringAsync());
        var error = JsonNode.Parse(json)!["errors"]![0]!;
        Assert.Equal("UNKNOWN_FIELD", (string?)error["extensions"]!["code"]);
        Assert.Contains("$.conditions[0].operatr", (string)error["message"]!);
    }

    [Fact]
    public async Task Unknown_fields_in_workflow_transition_conditions_are_refused_with_their_json_path()
    {
        var detail = await (await _client.PostJson("/api/v1/workflows", $$$"""
            {"id":"{{{ApiCalls.NewId("condtypo")}}}","states":["a","b"],"initialState":"a","finalStates":["b"],
             "transitions":[{"id":"ab","fromStates":["a"],"toState":"b","metadata":{"free":1},
               "conditions":[{"field":"x","operator":"exists"},{"field":"y","operator":"equals","vaule":2}]}]}
            """, Admin)).ExpectProblem(HttpStatusCode.BadRequest, "UNKNOWN_FIELD");
        Assert.Contains("$.transitions[0].conditions[1].vaule", detail);
    }

    [Fact]
    public async Task Unknown_fields_in_llm_catalog_bodies_are_refused_with_their_json_path()
    {
        var provider = $"/api/v1/llm/providers/{ApiCalls.NewId("prov")}";
        Assert.Contains("$.baseUrll", await (await _client.Send(HttpMethod.Put, provider, """{"baseUrll":"https://example.com/v1"}""", Admin))
            .ExpectProblem(HttpStatusCode.BadRequest, "UNKNOWN_FIELD"));
        await (await _client.Get(provider, Admin)).ExpectProblem(HttpStatusCode.NotFound, "PROVIDER_NOT_FOUND");
        Assert.Contains("$.stratgy", await (await _client.Send(HttpMethod.Put, "/api/v1/llm/virtual-models/strict", """{"stratgy":"failover","models":["down/m1"]}""", Admin))
            .ExpectProblem(HttpStatusCode.BadRequest, "UNKNOWN_FIELD"));
        await (await _client.Send(HttpMethod.Put, "/api/v1/llm/virtual-models/strict", """{"strategy":"failover","models":["down/m1"],"strategy":"weighted"}""", Admin))
            .ExpectProblem(HttpStatusCode.BadRequest, "INVALID_JSON");
        await (await _client.Send(HttpMethod.Put, "/api/v1/llm/virtual-models/strict", """{"strategy":"failover","models":["down/m1"]}""", Admin)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unknown_fields_in_breaker_and_budget_bodies_are_refused_with_their_json_path()
    {
        var breaker = $"/api/v1/breakers/{ApiCalls.NewId("br")}";
        var budget = $"/api/v1/budgets/user:{ApiCalls.NewId("bu")}";
        async Task<string> Refused(HttpMethod method, string path, string body) =>
            await (await _client.Send(method, path, body, KeyA)).ExpectProblem(HttpStatusCode.BadRequest, "UNKNOWN_FIELD");

        Assert.Contains("$.failureRateThreshhold", await Refused(HttpMethod.Put, breaker, """{"failureRateThreshhold":10}"""));
        Assert.Contains("$.duration", await Refused(HttpMethod.Post, breaker + "/record", """{"outcome":"failure","duration":5}"""));
        Assert.Contains("$.permits", await Refused(HttpMethod.Post, breaker + "/acquire", """{"permits":2}"""));
        Assert.Contains("$.reason", await Refused(HttpMethod.Post, breaker + "/force-open", """{"reason":"x"}"""));
        Assert.Contains("$.limt", await Refused(HttpMethod.Put, budget, """{"limt":5,"period":"daily"}"""));
        Assert.Contains("$.ttl", await Refused(HttpMethod.Post, budget + "/reserve", """{"amount":1,"ttl":5}"""));
        Assert.Contains("$.cost", await Refused(HttpMethod.Post, budget + "/commit", """{"reservationId":"r","actual":1,"cost":1}"""));
        Assert.Contains("$.id", await Refused(HttpMethod.Post, budget + "/release", """{"reservationId":"r","id":"r"}"""));
        await (await _client.Send(HttpMethod.Put, budget, """{"limit":5,"limit":500,"period":"daily"}""", KeyA))
            .ExpectProblem(HttpStatusCode.BadRequest, "INVALID_JSON");

        // The known fields still work, nothing configured by a refused body.
        var configured = await (await _client.Send(HttpMethod.Put, breaker, """{"failureRateThreshold":10,"slidingWindowSize":4}""", KeyA))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(10, (double)configured["config"]!["failureRateThreshold"]!);
        await (await _client.Send(HttpMethod.Post, breaker + "/acquire", null, KeyA)).Expect(HttpStatusCode.OK);
        await (await _client.Send(HttpMethod.Post, breaker + "/record", """{"outcome":"success","durationMs":3}""", KeyA)).Expect(HttpStatusCode.OK);
        await (await _client.Send(HttpMethod.Put, budget, """{"limit":5,"period":"daily","warningThreshold":0.5,"enforcement":"hard"}""", KeyA))
            .Expect(HttpStatusCode.OK);
        var hold = await (await _client.Send(HttpMethod.Post, budget + "/reserve", """{"amount":1,"ttlMs":60000}""", KeyA)).Expect(HttpStatusCode.OK);
        await (await _client.Send(HttpMethod.Post, budget + "/commit",
            $$$"""{"reservationId":"{{{hold["reservationId"]}}}","actual":0.5,"provider":"p","model":"m","tokens":3}""", KeyA)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unknown_fields_in_openai_bodies_are_400_in_openai_error_shape()
    {
        async Task<JsonNode> Error(string path, string body)
        {
            using var response = await _client.PostJson(path, body, KeyA);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
            return JsonNode.Parse(text)!["error"]!;
        }

        var chat = await Error("/v1/chat/completions", """{"model":"m1","messages":[{"role":"user","content":"hi"}],"temprature":0.2}""");
        Assert.Equal("invalid_request_error", (string?)chat["type"]);
        Assert.Equal("UNKNOWN_FIELD", (string?)chat["code"]);
        Assert.Equal("temprature", (string?)chat["param"]);
        Assert.Contains("temprature", (string)chat["message"]!);
        var extension = await Error("/v1/chat/completions",
            """{"model":"m1","messages":[{"role":"user","content":"hi"}],"circuit_breaker":{"routing_stratgy":"failover"}}""");
        Assert.Equal("circuit_breaker.routing_stratgy", (string?)extension["param"]);
        var embeddings = await Error("/v1/embeddings", """{"model":"m1","input":"hi","dimension":8}""");
        Assert.Equal("UNKNOWN_FIELD", (string?)embeddings["code"]);
        Assert.Equal("dimension", (string?)embeddings["param"]);
        Assert.Equal("messages[0].contnet", (string?)(await Error("/v1/chat/completions", """{"model":"m1","messages":[{"role":"user","contnet":"hi"}]}"""))["param"]);
        Assert.Equal("messages[0].content[0].txt", (string?)(await Error("/v1/chat/completions",
            """{"model":"m1","messages":[{"role":"user","content":[{"type":"text","txt":"hi"}]}]}"""))["param"]);
        Assert.Equal("tools[0].function.parameter", (string?)(await Error("/v1/chat/completions",
            """{"model":"m1","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameter":{}}}]}"""))["param"]);
        Assert.Equal("messages[0].tool_calls[0].function.args", (string?)(await Error("/v1/chat/completions",
            """{"model":"m1","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","args":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"x"}]}"""))["param"]);
        var duplicate = await Error("/v1/chat/completions", """{"model":"m1","model":"m2","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal("INVALID_REQUEST", (string?)duplicate["code"]);

        // Every parameter of OpenAI's API passes the check: the request reaches the provider (here one that is down).
        using var all = await _client.PostJson("/v1/chat/completions", """
            {"model":"down/m1","messages":[{"role":"user","content":"hi"}],"temperature":0.2,"top_p":1,"n":1,"stream":false,
             "stop":"x","max_tokens":5,"max_completion_tokens":5,"presence_penalty":0,"frequency_penalty":0,"logit_bias":{},
             "logprobs":false,"top_logprobs":0,"user":"u1","seed":1,"tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object"},"strict":false}}],
             "tool_choice":"auto","parallel_tool_calls":true,"response_format":{"type":"text"},"functions":[],"function_call":"none",
             "service_tier":"auto","store":false,"metadata":{},"modalities":["text"],"audio":null,"prediction":null,
             "reasoning_effort":"low","web_search_options":{},"prompt_cache_key":"k","safety_identifier":"s","verbosity":"low",
             "circuit_breaker":{"routing_strategy":"failover","max_cost_per_1k_tokens":1,"max_latency_ms":1000,"task_type":"chat",
               "fallback_models":[],"preferred_providers":[],"project_id":"p"}}
            """, KeyA);
        var answer = await all.Content.ReadAsStringAsync();
        Assert.False(all.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.InternalServerError, answer);
        using var embedAll = await _client.PostJson("/v1/embeddings",
            """{"model":"down/m1","input":["hi"],"encoding_format":"float","dimensions":8,"user":"u1"}""", KeyA);
        var embedAnswer = await embedAll.Content.ReadAsStringAsync();
        Assert.NotEqual(HttpStatusCode.InternalServerError, embedAll.StatusCode);
        Assert.NotEqual("UNKNOWN_FIELD", (string?)JsonNode.Parse(embedAnswer)!["error"]?["code"]);
    }

    [Fact]
    public async Task Duplicate_keys_in_graphql_request_bodies_are_400()
    {
        foreach (var body in new[]
        {
            """{"query":"{ __typename }","query":"mutation { deleteRule(id: \"x\") }"}""",
            """{"query":"query($a: String) { __typename }","variables":{"a":"x","a":"y"}}""",
        })
        {
            using var response = await _client.PostJson("/graphql", body, Admin);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
            var error = JsonNode.Parse(text)!["errors"]![0]!;
            Assert.Contains("Duplicate", (string)error["message"]!, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("BAD_USER_INPUT", (string?)error["extensions"]?["code"]);
        }
    }

    [Fact]
    public async Task Lone_surrogates_in_graphql_ws_messages_close_4400_and_a_nul_is_an_operation_error()
    {
        var wf = await Workflow();
        const string Mutation = "mutation($data: JSON) { createToken(input: {workflowId: \\\"WF\\\", data: $data}) { id } }";
        var subscribe = """{"type":"subscribe","id":"1","payload":{"query":"QUERY","variables":{"data":{"a":"VALUE"}}}}""".Replace("QUERY", Mutation.Replace("WF", wf));

        // U+0000 is a valid string: the operation runs and the grain refuses it, as over HTTP.
        using (var ws = await ConnectAsync())
        {
            await SendAsync(ws, subscribe.Replace("VALUE", "x\\u0000y"));
            var answer = await ReceiveAsync(ws);
            Assert.NotNull(answer);
            Assert.Contains("INVALID_INPUT", answer);
            Assert.Contains("\"id\":\"1\"", answer);
            // The connection lives on (the operation's complete may come before the pong).
            await SendAsync(ws, """{"type":"ping"}""");
            string? next;
            do next = await ReceiveAsync(ws); while (next is not null && !next.Contains("\"pong\""));
            Assert.NotNull(next);
        }
        // A lone surrogate escape makes the message unreadable: graphql-transport-ws closes with 4400 for such a message.
        using (var ws = await ConnectAsync())
        {
            await SendAsync(ws, subscribe.Replace("VALUE", "\\ud800"));
            Assert.Equal(4400, await CloseCodeAsync(ws));
            Assert.Contains("surrogate", ws.CloseStatusDescription);
        }
        using (var ws = await ConnectAsync())
        {
            await SendAsync(ws, """{"type":"subscribe","id":"1","id":"2","payload":{"query":"{ __typename }"}}""");
            Assert.Equal(4400, await CloseCodeAsync(ws));
        }
    }

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var ws = new ClientWebSocket();
        ws.Options.AddSubProtocol("graphql-transport-ws");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await ws.ConnectAsync(new UriBuilder(new Uri(fixture.Gateway.BaseAddress, "/graphql")) { Scheme = "ws" }.Uri, timeout.Token);
        await SendAsync(ws, $$$"""{"type":"connection_init","payload":{"apiKey":"{{{Admin}}}"}}""");
        Assert.Contains("connection_ack", (await ReceiveAsync(ws))!);
        return ws;
    }

    private static Task SendAsync(ClientWebSocket ws, string json) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<string?> ReceiveAsync(ClientWebSocket ws)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var message = new MemoryStream();
        WebSocketReceiveResult frame;
        do
        {
            frame = await ws.ReceiveAsync(buffer, timeout.Token);
            if (frame.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, frame.Count);
        } while (!frame.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }

    private static async Task<int> CloseCodeAsync(ClientWebSocket ws)
    {
        while (await ReceiveAsync(ws) is not null) { }
        return (int)ws.CloseStatus!.Value;
    }
}
