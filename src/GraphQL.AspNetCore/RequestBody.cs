using System.Text.Json;
using CircuitBreaker.GraphQL.Execution;

namespace CircuitBreaker.GraphQL.AspNetCore;

/// <summary>Reads the GraphQL-over-HTTP request parameters from JSON or query strings, reporting malformed input as a message.</summary>
internal static class RequestBody
{
    /// <summary>
    /// How every GraphQL request document is read (HTTP bodies, query-string variables, graphql-transport-ws messages):
    /// a duplicate key is refused, as on the gateway's REST bodies, since the parts that read one field could see two values.
    /// </summary>
    public static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    public static (GraphQLRequest? Request, string? Error) FromUtf8(ReadOnlyMemory<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body.Span)) return (null, "The request body is not valid UTF-8.");
        try
        {
            using var doc = JsonDocument.Parse(body, Strict);
            if (HoldsLoneSurrogate(doc.RootElement))
                return (null, "The request body holds a string that is not valid UTF-16 (a lone surrogate escape).");
            return FromJson(doc.RootElement);
        }
        catch (JsonException e)
        {
            // The reader's reason (a duplicate key names the key) and position; it quotes no more of the body.
            return (null, $"The request body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// True when a string or key of <paramref name="element"/> escapes a lone surrogate (<c>\ud800</c>): valid JSON text,
    /// but no .NET string can hold it, so reading it later would throw instead of answering.
    /// </summary>
    public static bool HoldsLoneSurrogate(JsonElement element)
    {
        try
        {
            Decode(element);
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static void Decode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    Decode(property.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Decode(item);
                break;
            case JsonValueKind.String:
                _ = element.GetString();
                break;
        }
    }

    public static (GraphQLRequest? Request, string? Error) FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return (null, "The request body must be a JSON object.");
        if (!root.TryGetProperty("query", out var q) || q.ValueKind != JsonValueKind.String) return (null, "The \"query\" parameter must be a string.");
        string? op = null;
        if (root.TryGetProperty("operationName", out var o))
        {
            if (o.ValueKind == JsonValueKind.String) op = o.GetString();
            else if (o.ValueKind != JsonValueKind.Null) return (null, "The \"operationName\" parameter must be a string.");
        }
        Dictionary<string, object?>? vars = null;
        if (root.TryGetProperty("variables", out var v))
        {
            if (v.ValueKind == JsonValueKind.Object) vars = (Dictionary<string, object?>)ValueConverter.FromJson(v)!;
            else if (v.ValueKind != JsonValueKind.Null) return (null, "The \"variables\" parameter must be an object.");
        }
        if (root.TryGetProperty("extensions", out var e) && e.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            return (null, "The \"extensions\" parameter must be an object.");
        return (new GraphQLRequest { Query = q.GetString()!, OperationName = op, Variables = vars }, null);
    }

    public static (GraphQLRequest? Request, string? Error) FromQueryString(Microsoft.AspNetCore.Http.IQueryCollection query)
    {
        var q = query["query"].ToString();
        if (string.IsNullOrEmpty(q)) return (null, "The \"query\" parameter is required.");
        Dictionary<string, object?>? vars = null;
        var rawVars = query["variables"].ToString();
        if (!string.IsNullOrEmpty(rawVars))
        {
            try
            {
                using var doc = JsonDocument.Parse(rawVars, Strict);
                if (doc.RootElement.ValueKind == JsonValueKind.Object) vars = (Dictionary<string, object?>)ValueConverter.FromJson(doc.RootElement)!;
                else if (doc.RootElement.ValueKind != JsonValueKind.Null) return (null, "The \"variables\" parameter must be a JSON object.");
            }
            catch (JsonException) { return (null, "The \"variables\" parameter is not valid JSON."); }
            catch (InvalidOperationException) { return (null, "The \"variables\" parameter holds a string that is not valid UTF-16 (a lone surrogate escape)."); }
        }
        var rawExt = query["extensions"].ToString();
        if (!string.IsNullOrEmpty(rawExt))
        {
            try { using var _ = JsonDocument.Parse(rawExt); }
            catch (JsonException) { return (null, "The \"extensions\" parameter is not valid JSON."); }
        }
        var op = query["operationName"].ToString();
        return (new GraphQLRequest { Query = q, OperationName = string.IsNullOrEmpty(op) ? null : op, Variables = vars }, null);
    }
}
