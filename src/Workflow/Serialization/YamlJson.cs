using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CircuitBreaker.Workflow.Serialization;

/// <summary>Converts between YAML text and JSON nodes (YAML 1.2 core schema for plain scalars).</summary>
public static partial class YamlJson
{
    /// <summary>Parses the first YAML document into JSON.</summary>
    /// <exception cref="WorkflowFormatException">The text is not valid YAML (code <c>invalid_yaml</c>).</exception>
    public static JsonNode? Parse(string yaml)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException e) { throw new WorkflowFormatException("invalid_yaml", $"line {e.Start.Line}", e.Message); }
        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode, 0);
    }

    /// <summary>Deepest nesting accepted, like System.Text.Json's default, so hostile input cannot overflow the stack.</summary>
    public const int MaxDepth = 64;

    /// <summary>Writes JSON as YAML (block style).</summary>
    public static string Write(JsonNode? node)
    {
        var stream = new YamlStream(new YamlDocument(ToYaml(node)));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlDotNet closes every document with "..."; it is noise for single-document files.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text.Replace("\r\n...\r\n", "\r\n");
    }

    private static JsonNode? ToJson(YamlNode node, int depth)
    {
        if (depth > MaxDepth)
            throw new WorkflowFormatException("invalid_yaml", $"line {node.Start.Line}", $"nesting deeper than {MaxDepth} levels");
        switch (node)
        {
            case YamlMappingNode m:
                var o = new JsonObject();
                foreach (var (k, v) in m.Children)
                {
                    if (k is not YamlScalarNode { Value: { } key })
                        throw new WorkflowFormatException("invalid_yaml", $"line {k.Start.Line}", "mapping keys must be plain scalars");
                    if (!o.TryAdd(key, ToJson(v, depth + 1)))
                        throw new WorkflowFormatException("invalid_yaml", $"line {k.Start.Line}", $"duplicate key '{key}'");
                }
                return o;
            case YamlSequenceNode s:
                return new JsonArray(s.Children.Select(c => ToJson(c, depth + 1)).ToArray());
            case YamlScalarNode sc:
                return Scalar(sc);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode s)
    {
        var v = s.Value ?? "";
        if (s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return JsonValue.Create(v);
        switch (v)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        if (IntPattern().IsMatch(v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (FloatPattern().IsMatch(v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
        return JsonValue.Create(v);
    }

    private static YamlNode ToYaml(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var map = new YamlMappingNode();
                foreach (var (k, v) in o) map.Add(new YamlScalarNode(k), ToYaml(v));
                return map;
            case JsonArray a:
                var seq = new YamlSequenceNode();
                foreach (var item in a) seq.Add(ToYaml(item));
                return seq;
            case null:
                return new YamlScalarNode("null") { Style = ScalarStyle.Plain };
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var s = JsonText.Get(v)!;
                // Quote strings that a plain scalar would turn into null, a bool or a number.
                var quote = s.Length == 0 || Scalar(new YamlScalarNode(s)) is not JsonValue sv || sv.GetValueKind() != JsonValueKind.String;
                return new YamlScalarNode(s) { Style = quote ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };
            default:
                return new YamlScalarNode(node.ToJsonString()) { Style = ScalarStyle.Plain };
        }
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
