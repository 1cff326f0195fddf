using System.Globalization;
using System.Xml.Linq;
using CircuitBreaker.Workflow.Analysis.Net;

namespace CircuitBreaker.Workflow.Analysis.Pnml;

/// <summary>Writes a net as a PNML 2009 place/transition net on a single page.</summary>
public static class PnmlWriter
{
    private static readonly XNamespace Ns = "http://www.pnml.org/version-2009/grammar/pnml";

    /// <summary>The PNML document for <paramref name="net"/>. Final places are not part of PNML and are not written.</summary>
    public static string Write(PlaceTransitionNet net)
    {
        var page = new XElement(Ns + "page", new XAttribute("id", "page0"));
        for (var p = 0; p < net.PlaceCount; p++)
        {
            var place = new XElement(Ns + "place", new XAttribute("id", net.PlaceIds[p]), Name(net.PlaceNames[p]));
            if (net.InitialMarking[p] > 0) place.Add(Text("initialMarking", net.InitialMarking[p]));
            page.Add(place);
        }
        for (var t = 0; t < net.TransitionCount; t++)
            page.Add(new XElement(Ns + "transition", new XAttribute("id", net.TransitionIds[t]), Name(net.TransitionNames[t])));
        var arcId = 0;
        for (var t = 0; t < net.TransitionCount; t++)
        {
            foreach (var a in net.Inputs(t)) page.Add(Arc(net.PlaceIds[a.Place], net.TransitionIds[t], a.Weight));
            foreach (var a in net.Outputs(t)) page.Add(Arc(net.TransitionIds[t], net.PlaceIds[a.Place], a.Weight));
        }
        var doc = new XDocument(new XElement(Ns + "pnml",
            new XElement(Ns + "net", new XAttribute("id", net.Id), new XAttribute("type", "http://www.pnml.org/version-2009/grammar/ptnet"), page)));
        return doc.Declaration + doc.ToString();

        XElement Arc(string source, string target, int weight)
        {
            var arc = new XElement(Ns + "arc", new XAttribute("id", $"a{arcId++}"), new XAttribute("source", source), new XAttribute("target", target));
            if (weight != 1) arc.Add(Text("inscription", weight));
            return arc;
        }
    }

    private static XElement Name(string name) => new(Ns + "name", new XElement(Ns + "text", name));

    private static XElement Text(string label, int value) => new(Ns + label, new XElement(Ns + "text", value.ToString(CultureInfo.InvariantCulture)));
}
