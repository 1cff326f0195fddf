using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace CircuitBreaker.GraphQL.Tests.Conformance;

/// <summary>Converts YAML nodes to plain values (dictionaries, lists, long/double/bool/null/string) using YAML core-schema rules for plain scalars.</summary>
public static partial class YamlPlain
{
    public static object? ToPlain(YamlNode node) => node switch
    {
        YamlMappingNode m => m.Children.Aggregate(new Dictionary<string, object?>(), (d, kv) => { d[((YamlScalarNode)kv.Key).Value!] = ToPlain(kv.Value); return d; }),
        YamlSequenceNode s => s.Children.Select(ToPlain).ToList(),
        YamlScalarNode sc => Scalar(sc),
        _ => null,
    };

    private static object? Scalar(YamlScalarNode sc)
    {
        var v = sc.Value ?? "";
        if (sc.Style is not YamlDotNet.Core.ScalarStyle.Plain) return v;
        if (v is "" or "~" or "null" or "Null" or "NULL") return null;
        if (v is "true" or "True" or "TRUE") return true;
        if (v is "false" or "False" or "FALSE") return false;
        if (IntRegex().IsMatch(v) && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (FloatRegex().IsMatch(v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return v;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntRegex();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatRegex();
}
