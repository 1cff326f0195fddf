using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using CircuitBreaker.Workflow.Analysis.Net;

namespace CircuitBreaker.Workflow.Analysis.Pnml;

/// <summary>
/// Reads standard PNML place/transition nets: places with <c>initialMarking</c>, transitions and arcs with
/// <c>inscription</c> weights, on any number of (nested) pages; names become display names. Graphics and
/// tool-specific data are ignored. Namespaces are not checked, so 2009 and older grammars both load.
/// </summary>
public static class PnmlReader
{
    /// <summary>Reads the first net of a PNML document. Throws <see cref="NetFormatException"/> with a PNML_* code on bad input.</summary>
    public static PlaceTransitionNet Read(TextReader reader)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Load(XmlReader.Create(reader, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }));
        }
        catch (XmlException e)
        {
            throw new NetFormatException("PNML_MALFORMED_XML", $"not well-formed XML: {e.Message}", e);
        }
        var net = doc.Root?.Name.LocalName == "pnml" ? doc.Root.Elements().FirstOrDefault(e => e.Name.LocalName == "net") : null;
        if (net is null) throw new NetFormatException("PNML_NO_NET", "expected a <pnml> root with a <net> element");
        var builder = new PlaceTransitionNetBuilder(net.Attribute("id")?.Value ?? "net");
        var nodes = net.Descendants().ToArray();
        foreach (var place in nodes.Where(e => e.Name.LocalName == "place"))
            builder.AddPlace(RequiredId(place), ReadInt(place, "initialMarking", 0), NameOf(place));
        foreach (var transition in nodes.Where(e => e.Name.LocalName == "transition"))
            builder.AddTransition(RequiredId(transition), NameOf(transition));
        foreach (var arc in nodes.Where(e => e.Name.LocalName == "arc"))
        {
            var source = arc.Attribute("source")?.Value ?? throw new NetFormatException("PNML_ARC_ENDPOINT", $"arc '{arc.Attribute("id")?.Value}' has no source");
            var target = arc.Attribute("target")?.Value ?? throw new NetFormatException("PNML_ARC_ENDPOINT", $"arc '{arc.Attribute("id")?.Value}' has no target");
            builder.AddArc(source, target, ReadInt(arc, "inscription", 1));
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

    private static string RequiredId(XElement element) =>
        element.Attribute("id")?.Value is { Length: > 0 } id ? id : throw new NetFormatException("PNML_MISSING_ID", $"a <{element.Name.LocalName}> has no id");

    private static string? NameOf(XElement element) =>
        Child(element, "name") is { } name && Child(name, "text") is { } text ? text.Value.Trim() : null;

    private static int ReadInt(XElement element, string label, int fallback)
    {
        if (Child(element, label) is not { } node) return fallback;
        var text = (Child(node, "text")?.Value ?? node.Value).Trim();
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
            throw new NetFormatException("PNML_BAD_NUMBER", $"<{label}> of '{element.Attribute("id")?.Value}' must be a non-negative integer, got '{text}'");
        return value;
    }

    private static XElement? Child(XElement element, string localName) => element.Elements().FirstOrDefault(e => e.Name.LocalName == localName);
}
