using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Tests.Features;

/// <summary>
/// Query fields (and list items) resolve concurrently: each resolver here waits for the other's signal, which only works when both
/// run at once. Run serially, the first would time out (10 s) and report an error: the test fails rather than hangs.
/// </summary>
public class ConcurrencyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Sibling_query_fields_run_at_the_same_time()
    {
        var a = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var b = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var schema = new SchemaBuilder().Object("Query", q => q
                .Field("a", "String", async _ => { a.SetResult(); await b.Task.WaitAsync(Patience); return "a"; })
                .Field("b", "String", async _ => { b.SetResult(); await a.Task.WaitAsync(Patience); return "b"; }))
            .Build();
        var result = await new GraphQLEngine(schema, executionOptions: ExecutionOptions.Unmasked).ExecuteAsync(new GraphQLRequest { Query = "{ a b }" });
        Assert.Equal("""{"data":{"a":"a","b":"b"}}""", result.ToJson());
    }

    [Fact]
    public async Task Items_of_a_list_resolve_at_the_same_time()
    {
        var signals = new[] { new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var schema = new SchemaBuilder()
            .Object("Item", i => i.Field("value", "Int", async c =>
            {
                var me = (int)c.Source!;
                signals[me].SetResult();
                await signals[1 - me].Task.WaitAsync(Patience);
                return me;
            }))
            .Object("Query", q => q.Field("items", "[Item]", _ => ValueTask.FromResult<object?>(new[] { 0, 1 })))
            .Build();
        var result = await new GraphQLEngine(schema, executionOptions: ExecutionOptions.Unmasked).ExecuteAsync(new GraphQLRequest { Query = "{ items { value } }" });
        Assert.Equal("""{"data":{"items":[{"value":0},{"value":1}]}}""", result.ToJson());
    }
}
