using System.Xml.Linq;
using CircuitBreaker.Workflow.Analysis.Net;

namespace CircuitBreaker.Workflow.Analysis.Pnml;

/// <summary>Writes a net as a PNML 2009 place/transition net on a single page.</summary>
public static class PnmlWriter
{
    private static readonly XNamespace Ns = PnmlXml.Namespace;

    /// <summary>
    /// The PNML document for <paramref name="net"/>. Final places are not part of PNML; they are flagged in a
    /// Circuit Breaker <c>toolspecific</c> element that <see cref="PnmlReader"/> reads back and other tools ignore.
    /// </summary>
    public static string Write(PlaceTransitionNet net)
    {
        var page = new XElement(Ns + "page", new XAttribute("id", "page0"));
        var finals = net.FinalPlaces.ToHashSet();
        for (var p = 0; p < net.PlaceCount; p++)
        {
            var place = new XElement(Ns + "place", new XAttribute("id", net.PlaceIds[p]), PnmlXml.NameElement(net.PlaceNames[p]));
            if (net.InitialMarking[p] > 0) place.Add(PnmlXml.IntLabel("initialMarking", net.InitialMarking[p]));
            if (finals.Contains(p)) place.Add(CircuitBreakerToolData.Create(new XElement(Ns + "final")));
            page.Add(place);
        }
        for (var t = 0; t < net.TransitionCount; t++)
            page.Add(new XElement(Ns + "transition", new XAttribute("id", net.TransitionIds[t]), PnmlXml.NameElement(net.TransitionNames[t])));
        var arcIds = new ArcIds(net.PlaceIds.Concat(net.TransitionIds));
        for (var t = 0; t < net.TransitionCount; t++)
        {
            foreach (var a in net.Inputs(t)) page.Add(Arc(net.PlaceIds[a.Place], net.TransitionIds[t], a.Weight));
            foreach (var a in net.Outputs(t)) page.Add(Arc(net.TransitionIds[t], net.PlaceIds[a.Place], a.Weight));
        }
        return PnmlXml.Document(new XElement(Ns + "net", new XAttribute("id", net.Id), new XAttribute("type", PnmlXml.PtNetType), page));

        XElement Arc(string source, string target, int weight)
        {
            var arc = new XElement(Ns + "arc", new XAttribute("id", arcIds.Next()), new XAttribute("source", source), new XAttribute("target", target));
            if (weight != 1) arc.Add(PnmlXml.IntLabel("inscription", weight));
            return arc;
        }
    }
}
