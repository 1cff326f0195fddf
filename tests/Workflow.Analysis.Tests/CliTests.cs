using System.Text.Json.Nodes;
using CircuitBreaker.Cli;

namespace CircuitBreaker.Workflow.Analysis.Tests;

public class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cb-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Json_output_on_an_mcc_net_has_the_reference_keys_and_values()
    {
        var dir = Path.Combine(TestData.PetriMcc, "CircularTrains-PT-012");
        var (code, output, _) = Run("analyze", Path.Combine(dir, "model.pnml"), "--json");
        Assert.Equal(ExitCodes.Ok, code);
        var actual = JsonNode.Parse(output)!.AsObject();
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "expected.json")))!.AsObject();
        foreach (var (key, value) in expected)
            Assert.True(JsonNode.DeepEquals(value, actual[key]), $"{key}: expected {value}, got {actual[key]}");
        Assert.True(actual["bounded"]!.GetValue<bool>());
    }

    [Fact]
    public void Text_report_shows_a_deadlock_witness()
    {
        var path = Write("net.pnml", Pnml.PnmlWriter.Write(Nets.XorSplitAndJoin().WithInitialMarking([1, 0, 0, 0])));
        var (code, output, _) = Run("analyze", path);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("DEADLOCK {p2: 1} after right", output);
        Assert.Contains("option to complete: NO — after right the case is stuck in {p2: 1}", output);
    }

    [Fact]
    public void Malformed_file_exits_non_zero_with_a_clear_message()
    {
        var (code, output, error) = Run("analyze", Write("broken.pnml", "<pnml><net id='x'><place id='p'>"), "--json");
        Assert.Equal(ExitCodes.MalformedInput, code);
        Assert.Empty(output);
        Assert.Contains("PNML_MALFORMED_XML", error);

        (code, _, error) = Run("analyze", Write("broken.json", "{\"states\": 3}"));
        Assert.Equal(ExitCodes.MalformedInput, code);
        Assert.Contains("error [", error);
    }

    [Fact]
    public void Missing_file_and_bad_arguments_are_reported()
    {
        Assert.Equal(ExitCodes.FileNotFound, Run("analyze", Path.Combine(_dir, "absent.pnml")).Code);
        Assert.Equal(ExitCodes.Usage, Run("analyze").Code);
        Assert.Equal(ExitCodes.Usage, Run("analyze", "x.pnml", "--max-states", "lots").Code);
        Assert.Equal(ExitCodes.Usage, Run("frobnicate").Code);
    }

    [Fact]
    public void Seed_workflow_yaml_splits_multi_source_transitions()
    {
        var path = Write("wf.yaml", """
            name: review
            states: [draft, review, approved, rejected]
            initialState: draft
            activities:
              - { id: submit, fromStates: [draft], toState: review }
              - { id: close, fromStates: [draft, review], toState: rejected }
              - { id: approve, fromStates: [review], toState: approved }
            """);
        var (code, output, _) = Run("analyze", path, "--json");
        Assert.Equal(ExitCodes.Ok, code);
        var json = JsonNode.Parse(output)!;
        Assert.Equal(4, json["transitions"]!.GetValue<int>());
        Assert.Equal(4, json["states"]!.GetValue<int>());
        Assert.True(json["workflow"]!["sound"]!.GetValue<bool>());
        Assert.Contains("close@review", json["nonLiveTransitions"]!.AsArray().Select(n => n!["transition"]!.GetValue<string>()));
    }

    [Fact]
    public void State_limit_gives_incomplete_exit_code()
    {
        var (code, output, _) = Run("analyze", Path.Combine(TestData.PetriMcc, "Philosophers-PT-000010", "model.pnml"), "--json", "--max-states", "100");
        Assert.Equal(ExitCodes.Incomplete, code);
        Assert.Null(JsonNode.Parse(output)!["states"]);
    }

    [Fact]
    public void Unbounded_net_lists_omega_places_in_json()
    {
        var path = Write("grow.pnml", Pnml.PnmlWriter.Write(Nets.Build("p0=1 buffer", "p0>produce>p0,buffer")));
        var (code, output, _) = Run("analyze", path, "--json");
        Assert.Equal(ExitCodes.Ok, code);
        var json = JsonNode.Parse(output)!;
        Assert.False(json["bounded"]!.GetValue<bool>());
        Assert.Equal("buffer", json["unboundedPlaces"]![0]!["place"]!.GetValue<string>());
        Assert.Equal("produce", json["unboundedPlaces"]![0]!["pump"]![0]!.GetValue<string>());
    }
}
