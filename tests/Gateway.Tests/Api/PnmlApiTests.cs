using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Api;

/// <summary>PNML import (XML definition bodies) and export (<c>GET /api/v1/workflows/{id}/pnml</c>) against the real gateway.</summary>
public sealed class PnmlApiTests(SharedGateway fixture) : IClassFixture<SharedGateway>
{
    private readonly HttpClient _client = fixture.Client;

    private Task<HttpResponseMessage> PostXml(string path, string xml, string mediaType = "application/xml") =>
        _client.PostAsync(path, new StringContent(xml, Encoding.UTF8, mediaType));

    private async Task<string> ExportPnml(string path)
    {
        using var response = await _client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        return text;
    }

    [Fact]
    public async Task Export_then_import_under_a_new_id_gives_the_same_definition_and_analysis()
    {
        // A shipped example with alternatives (cancel from two places), guards, descriptions and two final places.
        var original = await (await _client.GetAsync("/api/v1/workflows/order_processing_v1")).Expect(HttpStatusCode.OK);
        var pnml = await ExportPnml("/api/v1/workflows/order_processing_v1/pnml");
        Assert.Contains("<pnml", pnml);
        Assert.Contains("cancel@validated", pnml);

        var copyId = ApiCalls.NewId("pnml");
        var created = await (await PostXml("/api/v1/workflows", pnml.Replace("\"order_processing_v1\"", $"\"{copyId}\"")))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(copyId, (string?)created["id"]);
        var expected = original["definition"]!.DeepClone().AsObject();
        var actual = created["definition"]!.DeepClone().AsObject();
        expected.Remove("id");
        actual.Remove("id");
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\nactual {actual.ToJsonString()}");

        var analysisOfOriginal = await (await _client.GetAsync("/api/v1/workflows/order_processing_v1/analysis")).Expect(HttpStatusCode.OK);
        var analysisOfCopy = await (await _client.GetAsync($"/api/v1/workflows/{copyId}/analysis")).Expect(HttpStatusCode.OK);
        var a = analysisOfOriginal["report"]!.AsObject();
        var b = analysisOfCopy["report"]!.AsObject();
        foreach (var report in new[] { a, b })
        {
            report.Remove("elapsedMs");
            report.Remove("net"); // the net is named after the workflow id
        }
        Assert.True(JsonNode.DeepEquals(a, b), $"expected {a.ToJsonString()}\nactual {b.ToJsonString()}");
        Assert.Equal((bool?)analysisOfOriginal["sound"], (bool?)analysisOfCopy["sound"]);
    }

    [Fact]
    public async Task Export_of_a_given_version_and_publishing_a_version_from_pnml()
    {
        var id = ApiCalls.NewId("pnmlv");
        await (await _client.PostJson("/api/v1/workflows", ApiCalls.LinearWorkflow(id))).Expect(HttpStatusCode.Created);
        await (await _client.PostJson($"/api/v1/workflows/{id}/versions", ApiCalls.LinearWorkflow(id, "ready"))).Expect(HttpStatusCode.Created);

        var first = await ExportPnml($"/api/v1/workflows/{id}/pnml?version=1");
        var latest = await ExportPnml($"/api/v1/workflows/{id}/pnml");
        Assert.DoesNotContain("ready", first);
        Assert.Contains("ready", latest); // the guard travels in Circuit Breaker's toolspecific data

        // Version 1 published again from its PNML becomes version 3 without the guard.
        var third = await (await PostXml($"/api/v1/workflows/{id}/versions", first, "application/pnml+xml")).Expect(HttpStatusCode.Created);
        Assert.Equal(3, (int?)third["version"]);
        Assert.Null(third["definition"]!["transitions"]![0]!["conditions"]);

        await (await _client.GetAsync($"/api/v1/workflows/{id}/pnml?version=9")).ExpectProblem(HttpStatusCode.NotFound, "WORKFLOW_NOT_FOUND");
        await (await _client.GetAsync("/api/v1/workflows/no_such_workflow/pnml")).ExpectProblem(HttpStatusCode.NotFound, "WORKFLOW_NOT_FOUND");
        await (await _client.GetAsync($"/api/v1/workflows/{id}/pnml?version=x")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
    }

    [Fact]
    public async Task A_net_from_another_tool_can_be_validated_analysed_and_created()
    {
        var id = ApiCalls.NewId("foreign");
        var pnml = $"""
            <?xml version="1.0"?>
            <pnml xmlns="http://www.pnml.org/version-2009/grammar/pnml">
              <net id="{id}" type="http://www.pnml.org/version-2009/grammar/ptnet"><page id="pg">
                <place id="i"><initialMarking><text>1</text></initialMarking></place>
                <place id="p1"/><place id="p2"/><place id="o"/>
                <transition id="split"/><transition id="join"/>
                <arc id="a1" source="i" target="split"/><arc id="a2" source="split" target="p1"/>
                <arc id="a3" source="split" target="p2"/><arc id="a4" source="p1" target="join"/>
                <arc id="a5" source="p2" target="join"/><arc id="a6" source="join" target="o"/>
              </page></net>
            </pnml>
            """;
        var validation = await (await PostXml("/api/v1/workflows/validate", pnml)).Expect(HttpStatusCode.OK);
        Assert.True((bool)validation["valid"]!);
        var analysis = await (await PostXml("/api/v1/workflows/analyze", pnml, "text/xml")).Expect(HttpStatusCode.OK);
        Assert.True((bool)analysis["sound"]!);
        var created = await (await PostXml("/api/v1/workflows", pnml)).Expect(HttpStatusCode.Created);
        // Without Circuit Breaker data, the sink place is the final place.
        Assert.Equal(["o"], created["definition"]!["finalPlaces"]!.AsArray().Select(p => (string?)p));
    }

    [Fact]
    public async Task Malformed_pnml_is_a_clear_invalid_input_problem()
    {
        var notXml = await (await PostXml("/api/v1/workflows", "<pnml><net id='x'><place id='p'>")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        Assert.Contains("PNML_MALFORMED_XML", notXml);
        var noNet = await (await PostXml("/api/v1/workflows/validate", "<petri/>")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        Assert.Contains("PNML_NO_NET", noNet);
        var badArc = await (await PostXml("/api/v1/workflows/analyze",
            "<pnml><net id='x'><place id='p'/><arc id='a' source='p' target='ghost'/></net></pnml>")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        Assert.Contains("ghost", badArc);
        await (await PostXml("/api/v1/workflows", "")).ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        // A DTD is refused, not resolved.
        var dtd = await (await PostXml("/api/v1/workflows",
            "<?xml version='1.0'?><!DOCTYPE pnml [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><pnml><net id='n'>&x;</net></pnml>"))
            .ExpectProblem(HttpStatusCode.BadRequest, "INVALID_INPUT");
        Assert.DoesNotContain("root:", dtd);
    }
}
