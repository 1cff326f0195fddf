using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Tests.Features;

/// <summary>DataLoader: one batch per level of a nested query, cached keys never reloaded, a failing batch fails its loads (and only those).</summary>
public class DataLoaderTests
{
    private static readonly Dictionary<int, (string Name, int[] Friends)> Users = new()
    {
        [1] = ("ada", [2, 3]),
        [2] = ("bob", [1, 3]),
        [3] = ("cy", [4]),
        [4] = ("di", []),
    };

    /// <summary>Posts by authors 1, 2, 1; authors and their friends come from the same "users" loader; every batch call is recorded.</summary>
    private static Schema Build(List<int[]> batches, Func<IReadOnlyList<int>, Exception?>? fail = null)
    {
        Task<IReadOnlyDictionary<int, int>> Batch(IReadOnlyList<int> ids, CancellationToken _)
        {
            lock (batches) batches.Add([.. ids]);
            if (fail?.Invoke(ids) is { } ex) throw ex;
            return Task.FromResult<IReadOnlyDictionary<int, int>>(ids.ToDictionary(id => id, id => id));
        }
        return new SchemaBuilder()
            .Object("User", u => u
                .Field("name", "String!", c => ValueTask.FromResult<object?>(Users[(int)c.Source!].Name))
                .Field("friends", "[User]", async c =>
                {
                    var loader = c.DataLoader<int, int>("users", Batch);
                    return (await Task.WhenAll(Users[(int)c.Source!].Friends.Select(loader.LoadAsync))).Cast<object?>().ToList();
                }))
            .Object("Post", p => p.Field("author", "User", async c => await c.DataLoader<int, int>("users", Batch).LoadAsync((int)c.Source!)))
            .Object("Query", q => q.Field("posts", "[Post]", _ => ValueTask.FromResult<object?>(new[] { 1, 2, 1 })))
            .Build();
    }

    [Fact]
    public async Task Each_level_of_a_nested_query_is_one_batch_and_cached_keys_are_not_loaded_again()
    {
        var batches = new List<int[]>();
        var result = await new GraphQLEngine(Build(batches)).ExecuteAsync(new GraphQLRequest { Query = "{ posts { author { name friends { name friends { name } } } } }" });
        Assert.Empty(result.Errors);
        Assert.Equal(
            """{"data":{"posts":[{"author":{"name":"ada","friends":[{"name":"bob","friends":[{"name":"ada"},{"name":"cy"}]},{"name":"cy","friends":[{"name":"di"}]}]}},"""
            + """{"author":{"name":"bob","friends":[{"name":"ada","friends":[{"name":"bob"},{"name":"cy"}]},{"name":"cy","friends":[{"name":"di"}]}]}},"""
            + """{"author":{"name":"ada","friends":[{"name":"bob","friends":[{"name":"ada"},{"name":"cy"}]},{"name":"cy","friends":[{"name":"di"}]}]}}]}}""",
            result.ToJson());
        // Level 1: authors 1 and 2. Level 2: their friends, of which only 3 is new. Level 3: friends of friends, of which only 4 is new.
        Assert.Equal([[1, 2], [3], [4]], batches);
    }

    [Fact]
    public async Task A_failing_batch_fails_each_of_its_loads_with_a_located_coded_error()
    {
        var batches = new List<int[]>();
        var engine = new GraphQLEngine(Build(batches, _ => new InvalidOperationException("users store unavailable")), executionOptions: ExecutionOptions.Unmasked);
        var result = await engine.ExecuteAsync(new GraphQLRequest { Query = "{ posts { author { name } } }" });
        Assert.Equal(
            """{"errors":[{"message":"users store unavailable","locations":[{"line":1,"column":11}],"path":["posts",0,"author"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}},"""
            + """{"message":"users store unavailable","locations":[{"line":1,"column":11}],"path":["posts",1,"author"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}},"""
            + """{"message":"users store unavailable","locations":[{"line":1,"column":11}],"path":["posts",2,"author"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"""
            + "\"data\":{\"posts\":[{\"author\":null},{\"author\":null},{\"author\":null}]}}",
            Sorted(result));
        Assert.Single(batches);
    }

    [Fact]
    public async Task A_failure_at_a_nested_level_nulls_only_that_level()
    {
        var batches = new List<int[]>();
        var result = await new GraphQLEngine(Build(batches, ids => ids.Contains(3) ? new InvalidOperationException("no cy") : null))
            .ExecuteAsync(new GraphQLRequest { Query = "{ posts { author { name friends { name } } } }" });
        Assert.Equal(["ada", "bob", "ada"], result.Data!["posts"] is List<object?> posts ? posts.Select(p => ((IDictionary<string, object?>)((IDictionary<string, object?>)p!)["author"]!)["name"]).ToArray() : []);
        Assert.All(result.Errors, e => Assert.Equal(ExecutionOptions.MaskedMessage, e.Message));
        Assert.Equal(3, result.Errors.Count); // friends of each of the three authors
    }

    [Fact]
    public async Task A_stand_alone_loader_does_not_cache_a_failed_key_so_a_later_load_retries()
    {
        var calls = 0;
        var loader = new DataLoader<int, string>((ids, _) => ++calls == 1
            ? throw new InvalidOperationException("transient")
            : Task.FromResult<IReadOnlyDictionary<int, string>>(ids.ToDictionary(i => i, i => "v" + i)), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => loader.LoadAsync(1));
        Assert.Equal("v1", await loader.LoadAsync(1));
        Assert.Equal(2, loader.BatchCount);
    }

    /// <summary>Errors in path order (list items complete concurrently, so arrival order is not part of the contract).</summary>
    private static string Sorted(ExecutionResult r) =>
        new ExecutionResult { Data = r.Data, HasData = r.HasData, Errors = [.. r.Errors.OrderBy(e => string.Join("/", e.Path!))] }.ToJson();
}
