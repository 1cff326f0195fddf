using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Analysis.Exploration;
using CircuitBreaker.Workflow.Analysis.Net;
using CircuitBreaker.Workflow.Analysis.Pnml;
using CircuitBreaker.Workflow.Analysis.Reports;
using CircuitBreaker.Workflow.Serialization;

namespace CircuitBreaker.Workflow.Analysis.Tests;

/// <summary>PNML ⇄ workflow definition conversion.</summary>
public class WorkflowPnmlTests
{
    public static IEnumerable<object[]> Examples() =>
        Directory.GetFiles(Path.Combine(TestData.RepositoryRoot, "examples", "workflows")).Order(StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetFileName(f) });

    private static CircuitBreaker.Workflow.Net.WorkflowDefinition LoadExample(string file)
    {
        var path = Path.Combine(TestData.RepositoryRoot, "examples", "workflows", file);
        return WorkflowSerializer.FromText(File.ReadAllText(path), path);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Workflow_to_pnml_and_back_is_the_same_definition_with_the_same_full_report(string file)
    {
        var original = LoadExample(file);
        var pnml = WorkflowPnmlWriter.Write(original);
        var copy = WorkflowPnmlReader.Parse(pnml);

        // Everything the canonical JSON holds: places, arcs with weights, alternatives, guards, finals, metadata.
        Assert.Equal(WorkflowSerializer.ToJson(original), WorkflowSerializer.ToJson(copy));
        var expected = Report(WorkflowNetConverter.Convert(original));
        Assert.True(JsonNode.DeepEquals(expected, Report(WorkflowNetConverter.Convert(copy))), "same analysis after the round trip");
        // Another tool reading the PNML as a plain P/T net sees the net Circuit Breaker analyses.
        Assert.True(JsonNode.DeepEquals(expected, Report(PnmlReader.Parse(pnml))), "same analysis of the exported P/T net");
    }

    [Fact]
    public void Alternatives_export_as_one_transition_per_place_and_regroup_on_import()
    {
        var original = LoadExample("order_processing.json");
        var net = PnmlReader.Parse(WorkflowPnmlWriter.Write(original));
        Assert.Contains("cancel@placed", net.TransitionIds);
        Assert.Contains("cancel@validated", net.TransitionIds);
        Assert.Equal(["delivered", "cancelled"], net.FinalPlaces.Select(p => net.PlaceIds[p]));
        var cancel = WorkflowPnmlReader.Parse(WorkflowPnmlWriter.Write(original)).Transitions.Single(t => t.Id == "cancel");
        Assert.Empty(cancel.Inputs);
        Assert.Equal(["placed", "validated"], cancel.AnyOf.Select(a => a.Place));
    }

    [Fact]
    public void A_transition_named_like_a_place_gets_a_distinct_pnml_id_and_its_own_back()
    {
        var original = LoadExample("ai_content_pipeline.yaml");
        var net = PnmlReader.Parse(WorkflowPnmlWriter.Write(original));
        Assert.Contains("fact_check", net.PlaceIds);
        Assert.Contains("fact_check_t", net.TransitionIds);
        Assert.Contains(WorkflowPnmlReader.Parse(WorkflowPnmlWriter.Write(original)).Transitions, t => t.Id == "fact_check");
    }

    [Fact]
    public void A_net_from_another_tool_becomes_a_workflow_with_its_sink_places_final()
    {
        const string pnml = """
            <?xml version="1.0"?>
            <pnml xmlns="http://www.pnml.org/version-2009/grammar/pnml">
              <net id="loan" type="http://www.pnml.org/version-2009/grammar/ptnet">
                <name><text>Loan</text></name>
                <page id="pg">
                  <place id="start"><initialMarking><text>2</text></initialMarking></place>
                  <place id="done"><name><text>Done</text></name></place>
                  <transition id="grant"><toolspecific tool="OtherTool" version="3"><place id="ghost"/></toolspecific></transition>
                  <arc id="a1" source="start" target="grant"><inscription><text>2</text></inscription></arc>
                  <arc id="a2" source="grant" target="done"/>
                </page>
              </net>
            </pnml>
            """;
        var definition = WorkflowPnmlReader.Parse(pnml);
        Assert.Equal("loan", definition.Id);
        Assert.Equal("Loan", definition.Name);
        Assert.Equal(["start", "done"], definition.Places.Select(p => p.Id));
        Assert.Equal("Done", definition.Places[1].Name);
        Assert.Equal(2, definition.CreateInitialMarking()["start"]);
        Assert.Equal(["done"], definition.FinalPlaces);
        var grant = Assert.Single(definition.Transitions);
        Assert.Equal(("start", 2), (grant.Inputs.Single().Place, grant.Inputs.Single().Weight));
        Assert.Equal("done", grant.Outputs.Single().Place);
        // Another tool's toolspecific content is not mistaken for net nodes by either reader.
        Assert.Equal(["start", "done"], PnmlReader.Parse(pnml).PlaceIds);
    }

    [Fact]
    public void An_mcc_net_imports_as_the_same_net()
    {
        var path = Path.Combine(TestData.PetriMcc, "Philosophers-PT-000010", "model.pnml");
        var direct = PnmlReader.ReadFile(path);
        var viaWorkflow = WorkflowNetConverter.Convert(WorkflowPnmlReader.Parse(File.ReadAllText(path)));
        Assert.Equal(direct.PlaceIds, viaWorkflow.PlaceIds);
        Assert.Equal(direct.TransitionIds, viaWorkflow.TransitionIds);
        Assert.Equal(direct.InitialMarking, viaWorkflow.InitialMarking);
        for (var t = 0; t < direct.TransitionCount; t++)
        {
            Assert.Equal(direct.Inputs(t), viaWorkflow.Inputs(t));
            Assert.Equal(direct.Outputs(t), viaWorkflow.Outputs(t));
        }
    }

    [Theory]
    [InlineData("<pnml><net id='n'><place id='p'>", "PNML_MALFORMED_XML")]
    [InlineData("not xml at all", "PNML_MALFORMED_XML")]
    [InlineData("<petri/>", "PNML_NO_NET")]
    [InlineData("<pnml><net id='n'><transition/></net></pnml>", "PNML_MISSING_ID")]
    [InlineData("<pnml><net id='n'><place id='p'/><transition id='p'/></net></pnml>", "NET_DUPLICATE_ID")]
    [InlineData("<pnml><net id='n'><place id='p'/><arc id='a' source='p' target='nowhere'/></net></pnml>", "NET_UNKNOWN_NODE")]
    [InlineData("<pnml><net id='n'><place id='p'/><place id='q'/><arc id='a' source='p' target='q'/></net></pnml>", "NET_BAD_ARC")]
    [InlineData("<pnml><net id='n'><place id='p'/><transition id='t'/><arc id='a' source='p' target='t'><inscription><text>0</text></inscription></arc></net></pnml>", "NET_BAD_WEIGHT")]
    [InlineData("<pnml><net id='n'><place id='p'/><transition id='t'><toolspecific tool='CircuitBreaker' version='1'><conditions>[oops</conditions></toolspecific></transition></net></pnml>", "PNML_BAD_TOOLSPECIFIC")]
    [InlineData("<pnml><net id='n'><place id='p'/><transition id='t'><toolspecific tool='CircuitBreaker' version='1'><conditions>[{\"field\": 3}]</conditions></toolspecific></transition></net></pnml>", "PNML_BAD_TOOLSPECIFIC")]
    public void Malformed_pnml_raises_a_coded_error(string pnml, string code)
    {
        var error = Assert.Throws<NetFormatException>(() => WorkflowPnmlReader.Parse(pnml));
        Assert.Equal(code, error.Code);
    }

    private static JsonObject Report(PlaceTransitionNet net)
    {
        var report = JsonReport.Build(AnalysisResult.Compute(net, new ExplorationOptions()));
        report.Remove("elapsedMs"); // wall time, the only key that may differ between two runs
        return report;
    }
}
