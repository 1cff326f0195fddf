using CircuitBreaker.Workflow.Analysis.Net;

namespace CircuitBreaker.Workflow.Analysis.Pnml;

/// <summary>
/// Reads standard PNML place/transition nets: places with <c>initialMarking</c>, transitions and arcs with
/// <c>inscription</c> weights, on any number of (nested) pages; names become display names. Graphics and other
/// tools' data are ignored; Circuit Breaker's final-place flag (see <see cref="CircuitBreakerToolData"/>) is read.
/// Namespaces are not checked, so 2009 and older grammars both load.
/// </summary>
public static class PnmlReader
{
    /// <summary>Reads the first net of a PNML document. Throws <see cref="NetFormatException"/> with a PNML_* code on bad input.</summary>
    public static PlaceTransitionNet Read(TextReader reader)
    {
        var net = PnmlXml.LoadNet(reader);
        var builder = new PlaceTransitionNetBuilder(net.Attribute("id")?.Value ?? "net");
        foreach (var place in PnmlXml.Nodes(net, "place"))
            builder.AddPlace(PnmlXml.RequiredId(place), PnmlXml.Int(place, "initialMarking", 0), PnmlXml.Name(place), CircuitBreakerToolData.IsFinal(place));
        foreach (var transition in PnmlXml.Nodes(net, "transition"))
            builder.AddTransition(PnmlXml.RequiredId(transition), PnmlXml.Name(transition));
        foreach (var arc in PnmlXml.Nodes(net, "arc"))
        {
            var (source, target) = PnmlXml.Endpoints(arc);
            builder.AddArc(source, target, PnmlXml.Int(arc, "inscription", 1));
        }
        return builder.Build();
    }

    /// <summary>Reads a PNML file.</summary>
    public static PlaceTransitionNet ReadFile(string path)
    {
        using var reader = File.OpenText(path);
        return Read(reader);
    }

    /// <summary>Parses PNML text.</summary>
    public static PlaceTransitionNet Parse(string pnml) => Read(new StringReader(pnml));
}
