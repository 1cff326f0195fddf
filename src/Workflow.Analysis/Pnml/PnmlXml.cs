using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using CircuitBreaker.Workflow.Analysis.Net;

namespace CircuitBreaker.Workflow.Analysis.Pnml;

/// <summary>
/// Reading helpers shared by the PNML readers. Elements are matched by local name, so the 2009 grammar and
/// older namespaces both load; nothing inside a <c>toolspecific</c> element is taken for a net node.
/// </summary>
internal static class PnmlXml
{
    /// <summary>The PNML 2009 namespace used when writing.</summary>
    public static readonly XNamespace Namespace = "http://www.pnml.org/version-2009/grammar/pnml";

    /// <summary>The place/transition net type URI.</summary>
    public const string PtNetType = "http://www.pnml.org/version-2009/grammar/ptnet";

    /// <summary>The first <c>net</c> of a PNML document. Throws PNML_MALFORMED_XML or PNML_NO_NET.</summary>
    public static XElement LoadNet(TextReader reader)
    {
        XDocument doc;
        try
        {
            // No DTDs and no external resolution: PNML needs neither, and both are XML attack surface.
            doc = XDocument.Load(XmlReader.Create(reader, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }));
        }
        catch (XmlException e)
        {
            throw new NetFormatException("PNML_MALFORMED_XML", $"not well-formed XML: {e.Message}", e);
        }
        var net = doc.Root?.Name.LocalName == "pnml" ? doc.Root.Elements().FirstOrDefault(e => e.Name.LocalName == "net") : null;
        return net ?? throw new NetFormatException("PNML_NO_NET", "expected a <pnml> root with a <net> element");
    }

    /// <summary>Elements named <paramref name="localName"/> on any (nested) page of <paramref name="net"/>, in document order.</summary>
    public static IEnumerable<XElement> Nodes(XElement net, string localName) =>
        net.Descendants().Where(e => e.Name.LocalName == localName && !e.Ancestors().Any(a => a.Name.LocalName == "toolspecific"));

    public static XElement? Child(XElement element, string localName) => element.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static string RequiredId(XElement element) =>
        element.Attribute("id")?.Value is { Length: > 0 } id ? id : throw new NetFormatException("PNML_MISSING_ID", $"a <{element.Name.LocalName}> has no id");

    /// <summary>The <c>name/text</c> label, or null.</summary>
    public static string? Name(XElement element) =>
        Child(element, "name") is { } name && Child(name, "text") is { } text ? text.Value.Trim() : null;

    /// <summary>A non-negative integer label such as <c>initialMarking</c> or <c>inscription</c>.</summary>
    public static int Int(XElement element, string label, int fallback)
    {
        if (Child(element, label) is not { } node) return fallback;
        var text = (Child(node, "text")?.Value ?? node.Value).Trim();
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
            throw new NetFormatException("PNML_BAD_NUMBER", $"<{label}> of '{element.Attribute("id")?.Value}' must be a non-negative integer, got '{text}'");
        return value;
    }

    /// <summary>Source and target of an arc; PNML_ARC_ENDPOINT when one is missing.</summary>
    public static (string Source, string Target) Endpoints(XElement arc) =>
        (arc.Attribute("source")?.Value ?? throw new NetFormatException("PNML_ARC_ENDPOINT", $"arc '{arc.Attribute("id")?.Value}' has no source"),
         arc.Attribute("target")?.Value ?? throw new NetFormatException("PNML_ARC_ENDPOINT", $"arc '{arc.Attribute("id")?.Value}' has no target"));

    public static XElement NameElement(string name) => new(Namespace + "name", new XElement(Namespace + "text", name));

    public static XElement IntLabel(string label, int value) =>
        new(Namespace + label, new XElement(Namespace + "text", value.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The document text with its XML declaration.</summary>
    public static string Document(XElement net)
    {
        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(Namespace + "pnml", net));
        return doc.Declaration + Environment.NewLine + doc.ToString();
    }
}
