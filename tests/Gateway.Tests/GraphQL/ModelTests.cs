using System.Text.Json;
using CircuitBreaker.Gateway.GraphQL;
using CircuitBreaker.Grains.Workflow;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.GraphQL;

/// <summary>The GraphQL layer's plain classes, tested directly: ids, JSON conversion, the seed-shaped workflow view.</summary>
public sealed class ModelTests
{
    [Theory]
    [InlineData("Document Approval", "document_approval")]
    [InlineData("  AI -- Content  Pipeline! ", "ai_content_pipeline")]
    [InlineData("Ünïcode ☃", "n_code")]
    [InlineData("***", "")]
    [InlineData(null, "")]
    public void Slug_keeps_ascii_letters_and_digits_joined_by_single_underscores(string? name, string expected) =>
        Assert.Equal(expected, IdSlug.Slug(name));

    [Fact]
    public void New_ids_are_slug_plus_random_suffix_and_never_repeat()
    {
        var a = IdSlug.New("Document Approval", "workflow");
        var b = IdSlug.New("Document Approval", "workflow");
        Assert.Matches("^document_approval_[0-9a-f]{8}$", a);
        Assert.NotEqual(a, b);
        Assert.Matches("^workflow_[0-9a-f]{8}$", IdSlug.New("!!", "workflow"));
    }

    [Fact]
    public void Plain_values_become_json_without_null_entries_and_back()
    {
        var plain = new Dictionary<string, object?>
        {
            ["name"] = "x", ["missing"] = null, ["n"] = 3L, ["f"] = 0.5, ["list"] = new List<object?> { "a", 1L, true },
            ["nested"] = new Dictionary<string, object?> { ["k"] = "v" },
        };
        Assert.Equal("""{"name":"x","n":3,"f":0.5,"list":["a",1,true],"nested":{"k":"v"}}""", PlainJson.ToJson(plain));
        Assert.Null(PlainJson.ToJson(null));
        var parsed = Assert.IsType<JsonElement>(PlainJson.Parse("""{"a":[1,2]}"""));
        Assert.Equal(2, parsed.GetProperty("a")[1].GetInt32());
        Assert.Null(PlainJson.Parse(""));
    }

    [Fact]
    public void Workflow_model_reads_states_seed_transitions_and_initial_state_from_the_canonical_net()
    {
        const string canonical = """
            { "id": "w", "name": "W", "version": 2,
              "places": [{ "id": "draft" }, { "id": "review" }, { "id": "a" }, { "id": "b" }],
              "transitions": [
                { "id": "submit", "inputs": [{ "place": "draft", "weight": 1 }], "outputs": [{ "place": "review", "weight": 1 }],
                  "conditions": [{ "field": "title", "operator": "exists" }], "agentConfig": { "model": "gpt-4" } },
                { "id": "either", "fromStates": ["a", "b"], "outputs": [{ "place": "draft", "weight": 1 }, { "place": "b", "weight": 1 }] }
              ],
              "initialMarking": { "draft": 1 }, "finalPlaces": ["review"] }
            """;
        var model = new WorkflowModel(new WorkflowVersionView("w", 2, canonical, DateTimeOffset.UnixEpoch, null, []));
        Assert.Equal(["draft", "review", "a", "b"], model.States);
        Assert.Equal("draft", model.InitialState);
        Assert.Equal(["review"], model.FinalStates);
        Assert.Equal("W", model.Name);
        var submit = model.Transitions[0];
        Assert.Equal(["draft"], submit.FromStates);
        Assert.Equal("review", submit.ToState);
        Assert.Equal("gpt-4", ((JsonElement)submit.AgentConfig!).GetProperty("model").GetString());
        Assert.Single(submit.Conditions);
        var either = model.Activities[1];
        Assert.Equal(["a", "b"], either.FromStates);
        Assert.Equal(["draft", "b"], either.ToStates);
    }

    [Fact]
    public void Initial_state_is_null_when_the_marking_is_not_one_token_in_one_place()
    {
        const string canonical = """{ "id": "w", "places": [{ "id": "a" }, { "id": "b" }], "transitions": [], "initialMarking": { "a": 1, "b": 1 } }""";
        Assert.Null(new WorkflowModel(new WorkflowVersionView("w", 1, canonical, DateTimeOffset.UnixEpoch, null, [])).InitialState);
    }

    [Theory]
    [InlineData("document_approval_v1", true)]
    [InlineData("YOUR_TOKEN_ID", true)]
    [InlineData("3f2b9c1e-0000-4000-8000-000000000001", true)]
    [InlineData("tenant:a@x.y", true)]
    [InlineData("", false)]
    [InlineData(" ", false)]
    [InlineData("a/b", false)]
    [InlineData("-leading", false)]
    [InlineData("tab\there", false)]
    [InlineData(null, false)]
    public void Ids_are_short_path_safe_names(string? id, bool valid) => Assert.Equal(valid, InputRules.IsValidId(id));

    [Fact]
    public void Ids_longer_than_200_characters_and_pages_outside_1_to_1000_are_refused_with_invalid_input()
    {
        Assert.True(InputRules.IsValidId(new string('a', 200)));
        Assert.False(InputRules.IsValidId(new string('a', 201)));
        Assert.Equal(1000, InputRules.RequirePageSize(1000));
        var ex = Assert.Throws<CircuitBreaker.GraphQL.Execution.GraphQLException>(() => InputRules.RequirePageSize(0));
        Assert.Equal("INVALID_INPUT", ex.Code);
        Assert.Equal("INVALID_INPUT", Assert.Throws<CircuitBreaker.GraphQL.Execution.GraphQLException>(() => InputRules.RequireId("a b", "token id")).Code);
    }
}
