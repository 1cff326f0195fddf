using System.Text.Json.Nodes;
using CircuitBreaker.Grains.Workflow;
using CircuitBreaker.Workflow.Analysis.Net;
using CircuitBreaker.Workflow.Analysis.Pnml;
using CircuitBreaker.Workflow.Serialization;

namespace CircuitBreaker.Gateway.Api;

/// <summary>
/// PNML on the workflow endpoints: a definition body sent as XML is imported into the canonical JSON shape
/// (so creating, publishing, validating and analysing accept PNML exactly like JSON and YAML), and a stored
/// version is exported as PNML.
/// </summary>
public static class PnmlBody
{
    /// <summary>The media type of exported PNML.</summary>
    public const string MediaType = "application/xml";

    /// <summary>
    /// Request content types accepted for PNML (endpoint metadata: routing refuses other types). <c>application/pnml+xml</c>
    /// and other <c>+xml</c> types match <c>application/xml</c>.
    /// </summary>
    public static readonly string[] MediaTypes = ["application/xml", "text/xml"];

    /// <summary>Content types that carry PNML: <c>application/xml</c>, <c>text/xml</c>, <c>application/pnml+xml</c>.</summary>
    public static bool IsPnml(string? contentType) =>
        contentType is not null && (contentType.Contains("/xml", StringComparison.OrdinalIgnoreCase) || contentType.Contains("+xml", StringComparison.OrdinalIgnoreCase));

    /// <summary>The definition in PNML <paramref name="text"/> as canonical JSON; malformed PNML is <c>INVALID_INPUT</c>.</summary>
    public static JsonObject Import(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw ApiException.BadRequest("INVALID_INPUT", "the request body is empty; a PNML document is expected");
        try
        {
            return WorkflowWriter.Write(WorkflowPnmlReader.Parse(text));
        }
        catch (NetFormatException ex)
        {
            // The PNML code (e.g. PNML_MALFORMED_XML) stays in the detail; the problem code is the API's usual one.
            throw ApiException.BadRequest("INVALID_INPUT", $"the PNML document cannot be read: {ex.Message}");
        }
    }

    /// <summary>A stored workflow version as a PNML document.</summary>
    public static string Export(WorkflowVersionView view) => WorkflowPnmlWriter.Write(WorkflowSerializer.FromJson(view.DefinitionJson));
}
