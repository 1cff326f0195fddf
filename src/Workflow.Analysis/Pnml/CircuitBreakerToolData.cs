using System.Xml.Linq;

namespace CircuitBreaker.Workflow.Analysis.Pnml;

/// <summary>
/// What Circuit Breaker keeps in PNML <c>toolspecific</c> elements (tool <c>CircuitBreaker</c>, version 1): the parts
/// of a workflow that plain place/transition nets cannot express. Other tools ignore them; Circuit Breaker reads them
/// back so an export → import round trip is lossless.
/// <list type="bullet">
/// <item>net: <c>&lt;workflow id version&gt;</c> with optional <c>description</c> and <c>metadata</c> (JSON) children.
/// Its presence means final places are marked explicitly.</item>
/// <item>place: <c>&lt;final/&gt;</c> and an optional <c>description</c>.</item>
/// <item>transition: <c>&lt;origin id name alternative&gt;</c> when the PNML transition is not the workflow transition
/// one to one (renamed because a place has the same id, or one alternative of <c>fromStates</c>), plus optional
/// <c>description</c>, <c>conditions</c>, <c>agentConfig</c> and <c>metadata</c> (JSON).</item>
/// </list>
/// </summary>
public static class CircuitBreakerToolData
{
    /// <summary>The <c>tool</c> attribute value.</summary>
    public const string Tool = "CircuitBreaker";

    /// <summary>The <c>version</c> attribute value.</summary>
    public const string Version = "1";

    /// <summary>A new, empty <c>toolspecific</c> element of Circuit Breaker.</summary>
    internal static XElement Create(params object[] content) =>
        new(PnmlXml.Namespace + "toolspecific", new XAttribute("tool", Tool), new XAttribute("version", Version), content);

    /// <summary>The Circuit Breaker <c>toolspecific</c> element directly under <paramref name="element"/>, or null.</summary>
    internal static XElement? Of(XElement element) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == "toolspecific" && e.Attribute("tool")?.Value == Tool);

    /// <summary>True when <paramref name="place"/> carries the final-place flag.</summary>
    internal static bool IsFinal(XElement place) => Of(place) is { } data && PnmlXml.Child(data, "final") is not null;
}
