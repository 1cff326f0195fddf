using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CircuitBreaker.Workflow.Net;

/// <summary>
/// An immutable multiset of places: how many tokens each place holds. Places with zero tokens are absent.
/// Serialized as a JSON object <c>{"place": count}</c>.
/// </summary>
[JsonConverter(typeof(MarkingJsonConverter))]
public sealed class Marking : IReadOnlyDictionary<string, int>, IEquatable<Marking>
{
    private readonly SortedDictionary<string, int> _counts;

    private Marking(SortedDictionary<string, int> counts) => _counts = counts;

    /// <summary>The empty marking.</summary>
    public static Marking Empty { get; } = new(new SortedDictionary<string, int>(StringComparer.Ordinal));

    /// <summary>A marking with one token in each listed place (repeats add up).</summary>
    public static Marking Of(params string[] places) =>
        From(places.Select(p => new KeyValuePair<string, int>(p, 1)));

    /// <summary>A marking from place counts; counts for the same place add up, non-positive totals are dropped.</summary>
    public static Marking From(IEnumerable<KeyValuePair<string, int>> counts)
    {
        var d = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (place, n) in counts)
            d[place] = d.GetValueOrDefault(place) + n;
        foreach (var k in d.Where(kv => kv.Value <= 0).Select(kv => kv.Key).ToList()) d.Remove(k);
        return new Marking(d);
    }

    /// <summary>Tokens in <paramref name="place"/> (0 when absent).</summary>
    public int this[string place] => _counts.GetValueOrDefault(place);

    /// <summary>Total number of tokens.</summary>
    public int Total => _counts.Values.Sum();

    /// <summary>True when no place holds a token.</summary>
    public bool IsEmpty => _counts.Count == 0;

    /// <summary>Places holding at least one token, in ordinal order.</summary>
    public IEnumerable<string> Places => _counts.Keys;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _counts.Keys;

    /// <inheritdoc />
    public IEnumerable<int> Values => _counts.Values;

    /// <inheritdoc />
    public int Count => _counts.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _counts.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out int value) => _counts.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, int>> GetEnumerator() => _counts.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(Marking? other) =>
        other is not null && other._counts.Count == _counts.Count &&
        _counts.All(kv => other._counts.TryGetValue(kv.Key, out var n) && n == kv.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Marking);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var (k, v) in _counts) { h.Add(k); h.Add(v); }
        return h.ToHashCode();
    }

    /// <summary>Readable form, e.g. <c>{a:1, b:2}</c>.</summary>
    public override string ToString() => "{" + string.Join(", ", _counts.Select(kv => $"{kv.Key}:{kv.Value}")) + "}";
}

/// <summary>JSON form of a <see cref="Marking"/>: an object of place → count.</summary>
public sealed class MarkingJsonConverter : JsonConverter<Marking>
{
    /// <inheritdoc />
    public override Marking Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var d = JsonSerializer.Deserialize<Dictionary<string, int>>(ref reader, options) ?? [];
        return Marking.From(d);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Marking value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (k, v) in value) writer.WriteNumber(k, v);
        writer.WriteEndObject();
    }
}
