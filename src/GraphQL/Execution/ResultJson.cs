using System.Collections;
using System.Text;
using System.Text.Json;

namespace CircuitBreaker.GraphQL.Execution;

/// <summary>Writes execution results as JSON in the standard response shape (errors, data, extensions).</summary>
public static class ResultJson
{
    /// <summary>Serializes a result.</summary>
    public static string Serialize(ExecutionResult result)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(w, result);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Writes a result object.</summary>
    public static void Write(Utf8JsonWriter w, ExecutionResult result)
    {
        w.WriteStartObject();
        if (result.Errors.Count > 0)
        {
            w.WritePropertyName("errors");
            w.WriteStartArray();
            foreach (var e in result.Errors) WriteError(w, e);
            w.WriteEndArray();
        }
        if (result.HasData || result.Data is not null)
        {
            w.WritePropertyName("data");
            WriteValue(w, result.Data);
        }
        if (result.Extensions is not null)
        {
            w.WritePropertyName("extensions");
            WriteValue(w, result.Extensions);
        }
        w.WriteEndObject();
    }

    /// <summary>Writes one error object.</summary>
    public static void WriteError(Utf8JsonWriter w, GraphQLError e)
    {
        w.WriteStartObject();
        w.WriteString("message", e.Message);
        if (e.Locations.Count > 0)
        {
            w.WritePropertyName("locations");
            w.WriteStartArray();
            foreach (var l in e.Locations)
            {
                w.WriteStartObject();
                w.WriteNumber("line", l.Line);
                w.WriteNumber("column", l.Column);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (e.Path is not null)
        {
            w.WritePropertyName("path");
            WriteValue(w, e.Path);
        }
        if (e.Extensions is not null)
        {
            w.WritePropertyName("extensions");
            WriteValue(w, e.Extensions);
        }
        w.WriteEndObject();
    }

    /// <summary>Writes a plain value (dictionaries, lists, primitives).</summary>
    public static void WriteValue(Utf8JsonWriter w, object? v)
    {
        switch (v)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteNumberValue(d); break;
            case float f: w.WriteNumberValue(f); break;
            case decimal m: w.WriteNumberValue(m); break;
            case short or byte or uint or ushort or sbyte: w.WriteNumberValue(Convert.ToInt64(v)); break;
            case ulong ul: w.WriteNumberValue(ul); break;
            case JsonElement je: je.WriteTo(w); break;
            case IDictionary<string, object?> d:
                w.WriteStartObject();
                foreach (var (k, x) in d) { w.WritePropertyName(k); WriteValue(w, x); }
                w.WriteEndObject();
                break;
            case IReadOnlyDictionary<string, object?> rd:
                w.WriteStartObject();
                foreach (var (k, x) in rd) { w.WritePropertyName(k); WriteValue(w, x); }
                w.WriteEndObject();
                break;
            case IDictionary nd:
                w.WriteStartObject();
                foreach (DictionaryEntry kv in nd) { w.WritePropertyName(kv.Key.ToString()!); WriteValue(w, kv.Value); }
                w.WriteEndObject();
                break;
            case IEnumerable e:
                w.WriteStartArray();
                foreach (var x in e) WriteValue(w, x);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(v.ToString()); break;
        }
    }
}
