using System.Text.Json;
using CircuitBreaker.GraphQL.Execution;

namespace CircuitBreaker.GraphQL.AspNetCore;

/// <summary>Reads the GraphQL-over-HTTP request parameters from JSON or query strings, reporting malformed input as a message.</summary>
internal static class RequestBody
{
    public static (GraphQLRequest? Request, string? Error) FromUtf8(ReadOnlyMemory<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body.Span)) return (null, "The request body is not valid UTF-8.");
        try
        {
            using var doc = JsonDocument.Parse(body);
            return FromJson(doc.RootElement);
        }
        catch (JsonException)
        {
            return (null, "The request body is not valid JSON.");
        }
        catch (InvalidOperationException)
        {
            // Valid UTF-8 can still escape a lone surrogate (\ud800), which no string can hold.
            return (null, "The request body holds a string that is not valid UTF-16 (a lone surrogate escape).");
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
                using var doc = JsonDocument.Parse(rawVars);
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
