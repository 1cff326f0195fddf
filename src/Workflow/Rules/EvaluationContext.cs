using System.Globalization;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Workflow.Rules;

/// <summary>
/// What conditions see: token data and metadata plus token facts. JSON Logic sees it as
/// <c>{ data, metadata, token: {id, places, status, createdAt} }</c>; structured conditions look fields up
/// in metadata first, then data.
/// </summary>
public sealed class EvaluationContext
{
    private IReadOnlyDictionary<string, object?>? _logicRoot;

    /// <summary>Token data (a JSON object).</summary>
    public JsonObject Data { get; init; } = [];

    /// <summary>Token metadata (a JSON object).</summary>
    public JsonObject Metadata { get; init; } = [];

    /// <summary>Token id, if any.</summary>
    public string? TokenId { get; init; }

    /// <summary>Marked places.</summary>
    public IReadOnlyList<string> Places { get; init; } = [];

    /// <summary>Token status name (e.g. <c>active</c>).</summary>
    public string? Status { get; init; }

    /// <summary>Token creation time.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>A context over data only.</summary>
    public static EvaluationContext ForData(JsonObject data, JsonObject? metadata = null) =>
        new() { Data = data, Metadata = metadata ?? [] };

    /// <summary>The JSON Logic root; built once per context and shares (does not copy) data and metadata.</summary>
    internal IReadOnlyDictionary<string, object?> LogicRoot => _logicRoot ??= new Dictionary<string, object?>
    {
        ["data"] = Data,
        ["metadata"] = Metadata,
        ["token"] = new Dictionary<string, object?>
        {
            ["id"] = TokenId,
            ["places"] = Places.Select(p => (object?)p).ToList(),
            ["status"] = Status,
            ["createdAt"] = CreatedAt?.ToString("O", CultureInfo.InvariantCulture),
        },
    };
}
