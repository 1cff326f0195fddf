using System.Text.Json;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.GraphQL;

/// <summary>Concurrent fires of one enabled transition on one token: the grain serializes them, exactly one wins.</summary>
[Collection(GraphQLGatewayCollection.Name)]
public sealed class FireConcurrencyTests(GraphQLGateway gateway)
{
    [Fact]
    public async Task Fifty_parallel_fires_of_submit_succeed_once_and_the_rest_get_a_coded_error()
    {
        var tokenId = await gateway.NewDocumentTokenAsync();
        const string fire = """mutation($t: ID!) { fireTransition(input: { tokenId: $t, transitionId: "submit" }) { state version } }""";

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => gateway.PostAsync(fire, new { t = tokenId })));

        var succeeded = results.Where(r => !r.TryGetProperty("errors", out _)).ToList();
        var failed = results.Where(r => r.TryGetProperty("errors", out _)).ToList();
        var winner = Assert.Single(succeeded);
        Assert.Equal("review", winner.GetProperty("data").GetProperty("fireTransition").GetProperty("state").GetString());
        Assert.Equal(49, failed.Count);
        foreach (var f in failed)
        {
            var error = f.GetProperty("errors")[0];
            Assert.Equal("TRANSITION_NOT_ENABLED", error.GetProperty("extensions").GetProperty("code").GetString());
            Assert.Contains("draft", error.GetProperty("message").GetString());
        }

        var token = (await gateway.DataAsync("query($t: ID!) { token(id: $t) { state history { transition } } }", new { t = tokenId })).GetProperty("token");
        Assert.Equal("review", token.GetProperty("state").GetString());
        Assert.Equal("submit", Assert.Single(token.GetProperty("history").EnumerateArray()).GetProperty("transition").GetString());
    }
}
