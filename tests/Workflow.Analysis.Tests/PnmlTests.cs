using CircuitBreaker.Workflow.Analysis.Net;
using CircuitBreaker.Workflow.Analysis.Pnml;

namespace CircuitBreaker.Workflow.Analysis.Tests;

public class PnmlTests
{
    [Theory]
    [InlineData("CSRepetitions-PT-02")]
    [InlineData("ERK-PT-000001")]
    [InlineData("TokenRing-PT-005")]
    public void Export_then_import_gives_the_same_net_and_analysis(string name)
    {
        var original = PnmlReader.ReadFile(Path.Combine(TestData.PetriMcc, name, "model.pnml"));
        var copy = PnmlReader.Parse(PnmlWriter.Write(original));
        AssertSameNet(original, copy);
        var a = NetAnalyzer.Analyze(original).Properties!;
        var b = NetAnalyzer.Analyze(copy).Properties!;
        Assert.Equal((a.States, a.Edges, a.Live, a.Deadlock, a.MaxTokensInPlace), (b.States, b.Edges, b.Live, b.Deadlock, b.MaxTokensInPlace));
    }

    [Fact]
    public void Weighted_hand_net_round_trips()
    {
        var net = Nets.Build("a=5 b", "a*2>pack>b", "b*2>unpack>a*3");
        AssertSameNet(net, PnmlReader.Parse(PnmlWriter.Write(net)));
    }

    [Fact]
    public void Nested_pages_and_names_are_read()
    {
        const string pnml = """
            <pnml><net id="n"><page id="outer">
              <place id="p1"><name><text>Start</text></name><initialMarking><text>2</text></initialMarking></place>
              <page id="inner">
                <transition id="t"><name><text>Go</text></name></transition>
                <place id="p2"/>
                <arc id="a1" source="p1" target="t"><inscription><text>2</text></inscription></arc>
                <arc id="a2" source="t" target="p2"/>
              </page>
            </page></net></pnml>
            """;
        var net = PnmlReader.Parse(pnml);
        Assert.Equal(["p1", "p2"], net.PlaceIds);
        Assert.Equal("Start", net.PlaceNames[0]);
        Assert.Equal("Go", net.TransitionNames[0]);
        Assert.Equal(new WeightedArc(0, 2), net.Inputs(0).Single());
        Assert.Equal([2, 0], net.InitialMarking);
    }

    [Theory]
    [InlineData("<pnml><net id='n'><place id='p'>", "PNML_MALFORMED_XML")]
    [InlineData("<petri/>", "PNML_NO_NET")]
    [InlineData("<pnml><net id='n'><place/></net></pnml>", "PNML_MISSING_ID")]
    [InlineData("<pnml><net id='n'><place id='p'><initialMarking><text>x</text></initialMarking></place></net></pnml>", "PNML_BAD_NUMBER")]
    [InlineData("<pnml><net id='n'><place id='p'/><arc id='a' source='p' target='q'/></net></pnml>", "NET_UNKNOWN_NODE")]
    [InlineData("<pnml><net id='n'><place id='p'/><place id='p'/></net></pnml>", "NET_DUPLICATE_ID")]
    [InlineData("<pnml><net id='n'><place id='p'/><place id='q'/><arc id='a' source='p' target='q'/></net></pnml>", "NET_BAD_ARC")]
    public void Malformed_documents_raise_coded_errors(string pnml, string code)
    {
        var error = Assert.Throws<NetFormatException>(() => PnmlReader.Parse(pnml));
        Assert.Equal(code, error.Code);
    }

    private static void AssertSameNet(PlaceTransitionNet expected, PlaceTransitionNet actual)
    {
        Assert.Equal(expected.PlaceIds, actual.PlaceIds);
        Assert.Equal(expected.PlaceNames, actual.PlaceNames);
        Assert.Equal(expected.TransitionIds, actual.TransitionIds);
        Assert.Equal(expected.TransitionNames, actual.TransitionNames);
        Assert.Equal(expected.InitialMarking, actual.InitialMarking);
        for (var t = 0; t < expected.TransitionCount; t++)
        {
            Assert.Equal(expected.Inputs(t), actual.Inputs(t));
            Assert.Equal(expected.Outputs(t), actual.Outputs(t));
        }
    }
}
