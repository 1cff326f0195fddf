using CircuitBreaker.Cli;
using CircuitBreaker.Workflow.Analysis.Pnml;
using CircuitBreaker.Workflow.Serialization;

namespace CircuitBreaker.Workflow.Analysis.Tests;

/// <summary><c>cb convert</c> in-process.</summary>
public class CliConvertTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cb-convert-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string Example(string file) => Path.Combine(TestData.RepositoryRoot, "examples", "workflows", file);

    [Fact]
    public void Yaml_to_pnml_to_json_keeps_the_definition()
    {
        var pnml = Path.Combine(_dir, "pipeline.pnml");
        var json = Path.Combine(_dir, "pipeline.json");
        Assert.Equal(ExitCodes.Ok, Run("convert", Example("deployment_pipeline.yaml"), "-o", pnml).Code);
        Assert.Contains("<pnml", File.ReadAllText(pnml));
        Assert.Equal(ExitCodes.Ok, Run("convert", pnml, "-o", json).Code);

        var original = WorkflowSerializer.FromYaml(File.ReadAllText(Example("deployment_pipeline.yaml")));
        Assert.Equal(WorkflowSerializer.ToJson(original), WorkflowSerializer.ToJson(WorkflowSerializer.FromJson(File.ReadAllText(json))));
    }

    [Fact]
    public void Without_an_output_file_it_prints_pnml_for_json_input_and_json_for_pnml_input()
    {
        var (code, output, _) = Run("convert", Example("order_processing.json"));
        Assert.Equal(ExitCodes.Ok, code);
        var definition = WorkflowPnmlReader.Parse(output);
        Assert.Equal("order_processing_v1", definition.Id);

        var pnml = Path.Combine(_dir, "order.pnml");
        File.WriteAllText(pnml, output);
        (code, output, _) = Run("convert", pnml, "--to", "yaml");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(WorkflowSerializer.ToJson(definition), WorkflowSerializer.ToJson(WorkflowSerializer.FromYaml(output)));
        (code, output, _) = Run("convert", pnml);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(WorkflowSerializer.ToJson(definition).Trim(), output.Trim());
    }

    [Fact]
    public void Malformed_pnml_and_bad_arguments_exit_non_zero_with_a_clear_message()
    {
        var broken = Path.Combine(_dir, "broken.pnml");
        File.WriteAllText(broken, "<pnml><net id='x'><place id='p'>");
        var (code, output, error) = Run("convert", broken);
        Assert.Equal(ExitCodes.MalformedInput, code);
        Assert.Empty(output);
        Assert.Contains("error [PNML_MALFORMED_XML]", error);

        Assert.Equal(ExitCodes.FileNotFound, Run("convert", Path.Combine(_dir, "absent.json")).Code);
        Assert.Equal(ExitCodes.Usage, Run("convert").Code);
        Assert.Equal(ExitCodes.Usage, Run("convert", Example("order_processing.json"), "--to", "svg").Code);
        Assert.Equal(ExitCodes.Usage, Run("convert", Example("order_processing.json"), "-o", Path.Combine(_dir, "out.txt")).Code);
        Assert.Equal(ExitCodes.Usage, Run("convert", Path.Combine(_dir, "net.txt")).Code);
    }

    [Fact]
    public void A_net_that_is_no_valid_workflow_converts_with_a_note()
    {
        // A transition without input place converts, but the product would refuse it; the note says why.
        var pnml = Path.Combine(_dir, "source.pnml");
        File.WriteAllText(pnml, "<pnml><net id='n'><place id='p'><initialMarking><text>1</text></initialMarking></place><transition id='t'/><arc id='a' source='t' target='p'/></net></pnml>");
        var (code, output, error) = Run("convert", pnml, "--to", "json");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("\"id\": \"t\"", output);
        Assert.Contains("note: invalid [", error);
    }
}
