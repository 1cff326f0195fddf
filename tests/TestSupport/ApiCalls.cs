using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace CircuitBreaker.TestSupport;

/// <summary>Small HTTP helpers for the REST tests: JSON in, JSON out, problem assertions.</summary>
public static class ApiCalls
{
    /// <summary>A JSON body.</summary>
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>POSTs JSON text.</summary>
    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string path, string json, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(json) };
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        return client.SendAsync(request);
    }

    /// <summary>Sends <paramref name="body"/> (JSON unless <paramref name="mediaType"/> says otherwise) with an optional API key.</summary>
    public static Task<HttpResponseMessage> Send(this HttpClient client, HttpMethod method, string path, string? body, string? apiKey = null, string mediaType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, mediaType);
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        return client.SendAsync(request);
    }

    /// <summary>GETs with an optional API key.</summary>
    public static Task<HttpResponseMessage> Get(this HttpClient client, string path, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client.SendAsync(request);
    }

    /// <summary>Reads the body as JSON after asserting the status.</summary>
    public static async Task<JsonNode> Expect(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Asserts a problem+json answer with <paramref name="code"/>; returns its detail.</summary>
    public static async Task<string> ExpectProblem(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Expect(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (string?)body["code"]);
        Assert.Equal((int)status, (int?)body["status"]);
        return (string?)body["detail"] ?? "";
    }

    /// <summary>Creates a token and returns its id.</summary>
    public static async Task<string> CreateToken(this HttpClient client, string workflowId, string dataJson = "{}", string? apiKey = null)
    {
        var response = await client.PostJson("/api/v1/tokens", $$"""{"workflowId":"{{workflowId}}","data":{{dataJson}}}""", apiKey);
        return (string)(await response.Expect(HttpStatusCode.Created))["id"]!;
    }

    /// <summary>Fires a transition (no assertion on the outcome).</summary>
    public static Task<HttpResponseMessage> Fire(this HttpClient client, string tokenId, string transitionId, string extra = "", string? apiKey = null) =>
        client.PostJson($"/api/v1/tokens/{tokenId}/fire", $$"""{"transitionId":"{{transitionId}}"{{extra}}}""", apiKey);

    /// <summary>A workflow definition in the seeds' shape: a → b → c, with an optional guard on the first step.</summary>
    public static string LinearWorkflow(string id, string? guardField = null) => $$"""
        {
          "id": "{{id}}",
          "name": "Linear {{id}}",
          "states": ["a", "b", "c"],
          "transitions": [
            { "id": "ab", "fromStates": ["a"], "toState": "b"{{(guardField is null ? "" : $$""", "conditions": [{"field": "{{guardField}}", "operator": "exists"}]""")}} },
            { "id": "bc", "fromStates": ["b"], "toState": "c" }
          ],
          "initialState": "a",
          "finalStates": ["c"]
        }
        """;

    /// <summary>A fresh id.</summary>
    public static string NewId(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
