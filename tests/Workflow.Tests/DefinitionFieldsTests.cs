using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Serialization;

namespace CircuitBreaker.Workflow.Tests;

/// <summary>Fields a submitted definition may not have are refused with their JSON path.</summary>
public class DefinitionFieldsTests
{
    private static WorkflowFormatException Refused(string json) =>
        Assert.Throws<WorkflowFormatException>(() => DefinitionFields.Check(JsonNode.Parse(json)!.AsObject()));

    [Theory]
    [InlineData("""{"id":"w","transitions":[{"id":"ab","gaurd":{}}]}""", "$.transitions[0].gaurd")]
    [InlineData("""{"id":"w","activities":[{"id":"x"},{"id":"ab","onEnter":true}]}""", "$.activities[1].onEnter")]
    [InlineData("""{"id":"w","automatic":true}""", "$.automatic")]
    [InlineData("""{"id":"w","places":[{"id":"a","colour":"red"}]}""", "$.places[0].colour")]
    [InlineData("""{"id":"w","transitions":[{"id":"ab","inputs":[{"place":"a","wieght":2}]}]}""", "$.transitions[0].inputs[0].wieght")]
    [InlineData("""{"id":"w","transitions":[{"id":"ab","conditions":[{"field":"f","operator":"exists","extra":1}]}]}""", "$.transitions[0].conditions[0].extra")]
    public void Unknown_fields_name_their_path(string json, string path)
    {
        var ex = Refused(json);
        Assert.Equal(DefinitionFields.UnknownField, ex.Code);
        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public void Every_example_and_free_form_content_pass()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "examples", "workflows")))
        {
            var node = file.EndsWith(".json", StringComparison.Ordinal)
                ? JsonNode.Parse(File.ReadAllText(file))
                : YamlJson.Parse(File.ReadAllText(file));
            DefinitionFields.Check(node!.AsObject());
        }
        DefinitionFields.Check(JsonNode.Parse("""
            {"id":"w","metadata":{"anything":1},"places":["a",{"id":"b"}],
             "transitions":[{"id":"ab","agentConfig":{"x":1},"conditions":[{"field":"f","operator":"exists"},{"jsonLogic":{"any_op":[1]}}],"inputs":["a"]}]}
            """)!.AsObject());
    }
}
