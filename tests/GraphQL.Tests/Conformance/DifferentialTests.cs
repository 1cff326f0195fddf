using System.Text.Json;
using System.Text.Json.Nodes;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Tests.Fixtures;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.GraphQL.Validation;

namespace CircuitBreaker.GraphQL.Tests.Conformance;

/// <summary>Runs graphql-js 16 once over the whole corpus and both schemas; the tests compare against its answers.</summary>
public sealed class GraphqlJsAnswers : IAsyncLifetime
{
    public Schema StarWars { get; } = StarWarsSchema.Build();
    public Schema KitchenSink { get; } = KitchenSinkSchema.Build();
    public IReadOnlyList<CorpusCase> Corpus { get; } = DifferentialCorpus.All();
    public JsonArray Cases { get; private set; } = [];
    public JsonArray Printed { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var intros = new JsonArray();
        foreach (var schema in new[] { StarWars, KitchenSink })
        {
            var r = await new GraphQLEngine(schema, ValidationOptions.Unlimited).ExecuteAsync(new GraphQLRequest { Query = IntrospectionQuery.Text });
            Assert.Empty(r.Errors);
            intros.Add(JsonNode.Parse(r.ToJson())!["data"]!.DeepClone());
        }
        var input = new JsonObject
        {
            ["sdl"] = StarWarsSchema.Sdl,
            ["introspections"] = intros,
            ["cases"] = new JsonArray(Corpus.Select(c => (JsonNode)new JsonObject
            {
                ["query"] = c.Query,
                ["variables"] = c.VariablesJson is null ? null : JsonNode.Parse(c.VariablesJson),
                ["operationName"] = c.OperationName,
            }).ToArray()),
        };
        var output = await NodePeer.RunAsync("differential.mjs", input, TimeSpan.FromMinutes(1));
        Cases = output["cases"]!.AsArray();
        Printed = output["printed"]!.AsArray();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

public class DifferentialTests(GraphqlJsAnswers js) : IClassFixture<GraphqlJsAnswers>
{
    [Fact]
    public void Corpus_has_at_least_200_documents_with_valid_and_invalid_ones()
    {
        Assert.True(js.Corpus.Count >= 200, $"corpus has {js.Corpus.Count}");
        Assert.Contains(js.Cases, c => c!["result"] is not null);
        Assert.Contains(js.Cases, c => c!["validation"] is not null);
    }

    [Fact]
    public void Graphql_js_prints_our_star_wars_introspection_as_our_printer_does() =>
        Assert.Equal(js.Printed[0]!.GetValue<string>(), SchemaPrinter.Print(js.StarWars));

    [Fact]
    public void Graphql_js_prints_our_kitchen_sink_introspection_as_our_printer_does() =>
        Assert.Equal(js.Printed[1]!.GetValue<string>(), SchemaPrinter.Print(js.KitchenSink));

    /// <summary>
    /// The one message we word differently on purpose (issue 13 item 7): for a quoted enum value graphql-js suggests the very value
    /// the client wrote ("Did you mean the enum value "EMPIRE"?"); ours says to drop the quotes.
    /// </summary>
    private static string OurDeliberateWording(string key) => System.Text.RegularExpressions.Regex.Replace(key,
        "^Enum \"(\\w+)\" cannot represent non-enum value: \"(\\w+)\"\\. Did you mean the enum value \"\\2\"\\?",
        "Enum \"$1\" cannot represent the string \"$2\": enum values are written without quotes, as $2.");

    [Fact]
    public void Syntax_and_validation_errors_equal_graphql_js_as_message_and_location_sets()
    {
        var mismatches = new List<string>();
        for (var i = 0; i < js.Corpus.Count; i++)
        {
            var theirs = js.Cases[i]!;
            var expected = theirs["syntax"] is { } s ? [Key(s)] : theirs["validation"]?.AsArray().Select(Key).Select(OurDeliberateWording).ToList() ?? [];
            List<string> actual;
            try
            {
                actual = Validator.Validate(js.StarWars, Parser.Parse(js.Corpus[i].Query), ValidationOptions.Unlimited)
                    .Select(e => Key(JsonNode.Parse(ErrorJson(e))!)).ToList();
            }
            catch (GraphQLSyntaxException ex)
            {
                actual = [Key(JsonNode.Parse(ErrorJson(new GraphQLError(ex.Message, [ex.Location])))!)];
            }
            expected.Sort(StringComparer.Ordinal);
            actual.Sort(StringComparer.Ordinal);
            if (!expected.SequenceEqual(actual))
                mismatches.Add($"#{i} {js.Corpus[i].Query}\n  graphql-js: {string.Join(" | ", expected)}\n  ours:       {string.Join(" | ", actual)}");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public async Task Execution_results_equal_graphql_js_for_every_valid_document()
    {
        var mismatches = new List<string>();
        var executed = 0;
        for (var i = 0; i < js.Corpus.Count; i++)
        {
            if (js.Cases[i]!["result"] is not JsonObject theirs) continue;
            executed++;
            var c = js.Corpus[i];
            var vars = c.VariablesJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(c.VariablesJson)!.ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
            var ours = await Executor.ExecuteAsync(js.StarWars, new ExecutionRequest
            {
                Document = Parser.Parse(c.Query),
                Variables = vars,
                OperationName = c.OperationName,
                // graphql-js never masks resolver messages; extensions (our codes) are dropped by Normalize.
                Options = ExecutionOptions.Unmasked,
            });
            var expected = Normalize(theirs);
            var actual = Normalize(JsonNode.Parse(ours.ToJson())!.AsObject());
            if (!JsonNode.DeepEquals(expected, actual))
                mismatches.Add($"#{i} {c.Query} {c.VariablesJson}\n  graphql-js: {expected.ToJsonString()}\n  ours:       {actual.ToJsonString()}");
        }
        Assert.True(executed > 80, $"only {executed} documents executed");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private static string ErrorJson(GraphQLError e)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms)) ResultJson.WriteError(w, e);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static string Key(JsonNode? e) =>
        e!["message"]!.GetValue<string>() + " @" + string.Join(",", e["locations"]?.AsArray().Select(l => $"{l!["line"]}:{l["column"]}") ?? []);

    /// <summary>Drops extensions (graphql-js sets none), absent/undefined keys, and sorts errors (resolution order is concurrent).</summary>
    private static JsonObject Normalize(JsonObject r)
    {
        var o = new JsonObject();
        if (r["errors"] is JsonArray errors && errors.Count > 0)
        {
            var list = errors.Select(e => new JsonObject
            {
                ["message"] = e!["message"]!.DeepClone(),
                ["locations"] = e["locations"]?.DeepClone(),
                ["path"] = e["path"]?.DeepClone(),
            }).OrderBy(e => e.ToJsonString(), StringComparer.Ordinal).ToArray();
            o["errors"] = new JsonArray(list);
        }
        if (r.ContainsKey("data")) o["data"] = r["data"]?.DeepClone();
        return o;
    }
}
