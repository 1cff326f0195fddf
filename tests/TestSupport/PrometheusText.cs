using System.Globalization;

namespace CircuitBreaker.TestSupport;

/// <summary>
/// A parsed scrape in the Prometheus text exposition format: each sample's metric name, labels and value
/// (comments and <c># TYPE</c> lines are kept per family). Enough of the format for tests: no timestamps or exemplars.
/// </summary>
public sealed class PrometheusText
{
    private readonly List<Sample> _samples = [];
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    /// <summary>One sample line.</summary>
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    /// <summary>Every sample.</summary>
    public IReadOnlyList<Sample> Samples => _samples;

    /// <summary>
    /// The <c># TYPE</c> of a family (counter, gauge, histogram …), or null. A counter's sample <c>x_total</c> belongs to the
    /// family <c>x</c> in OpenMetrics (which the exporter answers when the client accepts it) and <c>x_total</c> in the classic format.
    /// </summary>
    public string? TypeOf(string family) =>
        _types.GetValueOrDefault(family) ?? (family.EndsWith("_total", StringComparison.Ordinal) ? _types.GetValueOrDefault(family[..^"_total".Length]) : null);

    /// <summary>Parses a scrape.</summary>
    public static PrometheusText Parse(string text)
    {
        var parsed = new PrometheusText();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                parsed._types[parts[2]] = parts[3];
                continue;
            }
            if (line.StartsWith('#')) continue;
            parsed._samples.Add(ParseSample(line));
        }
        return parsed;
    }

    /// <summary>The samples of <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public IEnumerable<Sample> Find(string name, params (string Key, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));

    /// <summary>The sum of the matching samples' values (0 when none match, as a counter not yet incremented).</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) => Find(name, labels).Sum(s => s.Value);

    private static Sample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        string name;
        int rest;
        if (brace >= 0 && brace < space)
        {
            name = line[..brace];
            var i = brace + 1;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var key = line[i..eq].Trim(',', ' ');
                if (line[eq + 1] != '"') throw new FormatException($"label value not quoted: {line}");
                var value = new System.Text.StringBuilder();
                var j = eq + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch { 'n' => '\n', var c => c });
                    }
                    else value.Append(line[j]);
                }
                labels[key] = value.ToString();
                i = j + 1;
                if (line[i] == ',') i++;
            }
            rest = i + 1;
        }
        else
        {
            name = line[..space];
            rest = space;
        }
        var fields = line[rest..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var number = fields[0] switch { "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, "NaN" => double.NaN, var v => double.Parse(v, CultureInfo.InvariantCulture) };
        return new Sample(name, labels, number);
    }
}
