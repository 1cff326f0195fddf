using System.Text.Json;
using System.Threading.Channels;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Tests.Fixtures;
using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Tests;

public class ExecutionTests
{
    private static readonly GraphQLEngine Engine = new(StarWarsSchema.Build());

    private static async Task<string> Run(string query, string? variablesJson = null, GraphQLEngine? engine = null)
    {
        var vars = variablesJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(variablesJson)!
            .ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
        var result = await (engine ?? Engine).ExecuteAsync(new GraphQLRequest { Query = query, Variables = vars });
        return result.ToJson();
    }

    [Fact]
    public async Task Resolves_nested_interface_fields_fragments_aliases_and_typename()
    {
        var json = await Run("""
            query { luke: human(id: "1000") { ...F } hero { __typename name ... on Droid { primaryFunction } } }
            fragment F on Character { name friends { name } }
            """);
        Assert.Equal("""{"data":{"luke":{"name":"Luke Skywalker","friends":[{"name":"Han Solo"},{"name":"Leia Organa"},{"name":"C-3PO"},{"name":"R2-D2"}]},"hero":{"__typename":"Droid","name":"R2-D2","primaryFunction":"Astromech"}}}""", json);
    }

    [Fact]
    public async Task Variables_are_coerced_and_enum_arguments_work()
    {
        var json = await Run("query($ep: Episode) { hero(episode: $ep) { name } }", """{"ep":"EMPIRE"}""");
        Assert.Equal("""{"data":{"hero":{"name":"Luke Skywalker"}}}""", json);
    }

    [Fact]
    public async Task Invalid_variable_values_are_reported_with_graphql_js_messages()
    {
        var json = await Run("query($ep: Episode) { hero(episode: $ep) { name } }", """{"ep":"EMPIRES"}""");
        Assert.Equal("""{"errors":[{"message":"Variable \"$ep\" got invalid value \"EMPIRES\"; Value \"EMPIRES\" does not exist in \"Episode\" enum. Did you mean the enum value \"EMPIRE\"?","locations":[{"line":1,"column":7}],"extensions":{"code":"BAD_USER_INPUT"}}]}""", json);
    }

    [Fact]
    public async Task Resolver_errors_are_located_coded_masked_and_null_propagates_to_nearest_nullable_parent()
    {
        var json = await Run("""{ hero { name secretBackstory } search(text: "zzz_none") { __typename } }""");
        Assert.Equal("""{"errors":[{"message":"Unexpected Execution Error","locations":[{"line":1,"column":15}],"path":["hero","secretBackstory"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":{"hero":{"name":"R2-D2","secretBackstory":null},"search":[]}}""", json);

        var schema = SchemaBuilder.FromSdl("type Query { a: A } type A { b: String! c: String }")
            .Resolve("Query", "a", _ => new Dictionary<string, object?> { ["c"] = "x" }).Build();
        var r = await Run("{ a { b c } }", engine: new GraphQLEngine(schema));
        Assert.Equal("""{"errors":[{"message":"Cannot return null for non-nullable field A.b.","locations":[{"line":1,"column":7}],"path":["a","b"],"extensions":{"code":"NON_NULL_VIOLATION"}}],"data":{"a":null}}""", r);
    }

    [Fact]
    public async Task Mutations_run_serially_in_document_order()
    {
        var order = new List<int>();
        var schema = new SchemaBuilder()
            .Object("Query", q => q.Field("x", "Int", _ => ValueTask.FromResult<object?>(1)))
            .Object("Mutation", m => m.Field("step", "Int!", f => f.Argument("n", "Int!").Resolve(async ctx =>
            {
                var n = ctx.Argument<int>("n");
                await Task.Delay(n == 1 ? 30 : 0);
                lock (order) order.Add(n);
                return n;
            })))
            .Build();
        var json = await Run("mutation { a: step(n: 1) b: step(n: 2) c: step(n: 3) }", engine: new GraphQLEngine(schema));
        Assert.Equal("""{"data":{"a":1,"b":2,"c":3}}""", json);
        Assert.Equal([1, 2, 3], order);
    }

    [Fact]
    public async Task Input_objects_and_lists_coerce_from_literals()
    {
        var json = await Run("""mutation { createReview(episode: JEDI, review: { stars: 5, commentary: "great" }) { episode stars commentary } }""");
        Assert.Equal("""{"data":{"createReview":{"episode":"JEDI","stars":5,"commentary":"great"}}}""", json);
    }

    [Fact]
    public async Task Subscriptions_map_each_source_event_and_stop_on_cancellation()
    {
        var channel = Channel.CreateUnbounded<object?>();
        var engine = new GraphQLEngine(StarWarsSchema.Build(() => channel.Reader.ReadAllAsync()));
        using var cts = new CancellationTokenSource();
        var (error, stream) = await engine.SubscribeAsync(new GraphQLRequest { Query = "subscription { reviewAdded { stars } }" }, cts.Token);
        Assert.Null(error);
        await using var e = stream!.GetAsyncEnumerator(cts.Token);
        channel.Writer.TryWrite(new Dictionary<string, object?> { ["stars"] = 4 });
        Assert.True(await e.MoveNextAsync());
        Assert.Equal("""{"data":{"reviewAdded":{"stars":4}}}""", e.Current.ToJson());
        channel.Writer.TryWrite(new Dictionary<string, object?> { ["stars"] = 5 });
        Assert.True(await e.MoveNextAsync());
        Assert.Equal("""{"data":{"reviewAdded":{"stars":5}}}""", e.Current.ToJson());
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await e.MoveNextAsync());
    }

    [Fact]
    public async Task Data_loader_batches_sibling_loads_into_one_call()
    {
        var batches = new List<IReadOnlyList<int>>();
        var schema = new SchemaBuilder()
            .Object("Query", q => q.Field("items", "[Item!]!", _ => ValueTask.FromResult<object?>(Enumerable.Range(1, 5).ToList())))
            .Object("Item", i => i
                .Field("id", "Int!", c => ValueTask.FromResult(c.Source))
                .Field("double", "Int!", async c =>
                {
                    var loader = c.DataLoader<int, int>("double", (keys, _) =>
                    {
                        lock (batches) batches.Add(keys);
                        return Task.FromResult<IReadOnlyDictionary<int, int>>(keys.ToDictionary(k => k, k => k * 2));
                    });
                    return await loader.LoadAsync((int)c.Source!);
                }))
            .Build();
        var json = await Run("{ items { id double } }", engine: new GraphQLEngine(schema));
        Assert.Equal("""{"data":{"items":[{"id":1,"double":2},{"id":2,"double":4},{"id":3,"double":6},{"id":4,"double":8},{"id":5,"double":10}]}}""", json);
        Assert.Single(batches);
        Assert.Equal([1, 2, 3, 4, 5], batches[0]);
    }

    [Fact]
    public async Task Skip_and_include_directives_filter_fields()
    {
        var json = await Run("query($s: Boolean!) { hero { name @skip(if: $s) id @include(if: false) } }", """{"s":true}""");
        Assert.Equal("""{"data":{"hero":{}}}""", json);
    }

    [Fact]
    public async Task Custom_scalars_json_and_datetime_round_trip()
    {
        var schema = new SchemaBuilder()
            .Scalar(BuiltInScalars.Json).Scalar(BuiltInScalars.DateTime)
            .Object("Query", q => q
                .Field("echo", "JSON", f => f.Argument("v", "JSON").Resolve(c => c.Arguments["v"]))
                .Field("at", "DateTime", f => f.Argument("t", "DateTime!").Resolve(c => c.Argument<DateTimeOffset>("t").AddHours(1))))
            .Build();
        var json = await Run("""{ echo(v: {a: [1, "x", null, true]}) at(t: "2024-01-31T10:00:00Z") }""", engine: new GraphQLEngine(schema));
        Assert.Equal("""{"data":{"echo":{"a":[1,"x",null,true]},"at":"2024-01-31T11:00:00Z"}}""", json);
    }
}
