using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace CircuitBreaker.GraphQL.Tests.Transport;

/// <summary>
/// graphql-sse "distinct connections" mode (PROTOCOL.md): results stream as <c>next</c> events, then <c>complete</c>. Validation
/// errors MUST also be reported through an accepted (200) SSE connection as a <c>next</c> event, since a 400 would make an
/// EventSource fail without telling why.
/// </summary>
public class SseTests(TestServer server) : IClassFixture<TestServer>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private async Task<HttpResponseMessage> OpenAsync(HttpClient http, string path, string query)
    {
        var msg = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUri, path))
        {
            Content = new StringContent($$"""{"query":{{System.Text.Json.JsonSerializer.Serialize(query)}}}""", Encoding.UTF8, "application/json"),
        };
        msg.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var r = await http.SendAsync(msg, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/event-stream", r.Content.Headers.ContentType!.MediaType);
        return r;
    }

    [Fact]
    public async Task A_subscription_streams_one_next_event_per_source_event_then_complete()
    {
        using var http = new HttpClient();
        using var r = await OpenAsync(http, "/graphql-finite", "subscription { reviewAdded { stars episode } }");
        Assert.Equal(
            "event: next\ndata: {\"data\":{\"reviewAdded\":{\"stars\":1,\"episode\":\"EMPIRE\"}}}\n\n"
            + "event: next\ndata: {\"data\":{\"reviewAdded\":{\"stars\":2,\"episode\":\"EMPIRE\"}}}\n\n"
            + "event: complete\ndata: \n\n",
            await r.Content.ReadAsStringAsync().WaitAsync(Wait));
    }

    [Fact]
    public async Task Events_arrive_while_the_stream_stays_open()
    {
        using var http = new HttpClient();
        using var r = await OpenAsync(http, "/graphql", "subscription { reviewAdded { stars } }");
        using var reader = new StreamReader(await r.Content.ReadAsStreamAsync());
        // The source yields three reviews and then stays open: each event must be readable before the response ends.
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal("event: next", await reader.ReadLineAsync().WaitAsync(Wait));
            Assert.Equal($"data: {{\"data\":{{\"reviewAdded\":{{\"stars\":{i}}}}}}}", await reader.ReadLineAsync().WaitAsync(Wait));
            Assert.Equal("", await reader.ReadLineAsync().WaitAsync(Wait));
        }
    }

    [Theory]
    [InlineData("subscription { nope }", "Cannot query field \\\"nope\\\" on type \\\"Subscription\\\".", "GRAPHQL_VALIDATION_FAILED")]
    [InlineData("subscription { reviewAdded { stars } ", "Syntax Error: Expected Name, found <EOF>.", "GRAPHQL_PARSE_FAILED")]
    public async Task A_request_failing_before_execution_is_accepted_and_reported_as_a_next_event(string query, string message, string code)
    {
        using var http = new HttpClient();
        using var r = await OpenAsync(http, "/graphql", query);
        var body = await r.Content.ReadAsStringAsync().WaitAsync(Wait);
        Assert.StartsWith($"event: next\ndata: {{\"errors\":[{{\"message\":\"{message}\"", body);
        Assert.Contains($"\"extensions\":{{\"code\":\"{code}\"}}", body);
        Assert.EndsWith("}]}\n\nevent: complete\ndata: \n\n", body);
        Assert.DoesNotContain("\"data\"", body);
    }
}
