using System.Text.Json;
using System.Text.Json.Serialization;

namespace CircuitBreaker.Gateway.Api;

/// <summary>The REST API's JSON conventions: camelCase, nulls kept.</summary>
public static class ApiJson
{
    /// <summary>Serializer options of every REST response.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Readable messages (quotes, accents) in problem details; responses are JSON, never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
