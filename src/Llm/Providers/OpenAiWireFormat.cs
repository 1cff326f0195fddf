using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CircuitBreaker.Llm.Model;

namespace CircuitBreaker.Llm.Providers;

/// <summary>The OpenAI chat completions wire format in both directions (our API reads requests and writes answers; the adapter does the reverse).</summary>
public static class OpenAiWireFormat
{
    /// <summary>Parses a chat completions request body; throws <see cref="LlmException"/> (<c>INVALID_REQUEST</c>) on bad input.</summary>
    public static ChatRequest ParseRequest(JsonNode? body)
    {
        if (body is not JsonObject o) throw Invalid("the body must be a JSON object");
        RequireKnown(o, ChatRequestFields);
        if (o["circuit_breaker"] is JsonObject extension) RequireKnown(extension, RoutingFields, "circuit_breaker");
        var request = new ChatRequest
        {
            Model = Str(o, "model") ?? throw Invalid("'model' is required"),
            Temperature = Num(o, "temperature"),
            TopP = Num(o, "top_p"),
            MaxTokens = (int?)(Num(o, "max_completion_tokens") ?? Num(o, "max_tokens")),
            Stream = Bool(o, "stream") ?? false,
            IncludeUsage = o["stream_options"] is JsonObject so && (Bool(so, "include_usage") ?? false),
            User = Str(o, "user"),
            ToolChoice = o["tool_choice"]?.DeepClone(),
        };
        if (o["messages"] is not JsonArray messages || messages.Count == 0) throw Invalid("'messages' must be a non-empty array");
        for (var i = 0; i < messages.Count; i++) request.Messages.Add(ParseMessage(messages[i], $"messages[{i}]"));
        request.Stop = o["stop"] switch
        {
            null => null,
            JsonArray a => [.. a.Select(x => x?.GetValue<string>() ?? "")],
            JsonValue v when v.TryGetValue<string>(out var s) => [s],
            _ => throw Invalid("'stop' must be a string or an array of strings"),
        };
        if (o["tools"] is JsonArray tools)
        {
            request.Tools = [];
            for (var i = 0; i < tools.Count; i++)
            {
                if (tools[i] is JsonObject tool) RequireKnown(tool, ToolFields, $"tools[{i}]");
                var f = tools[i]?["function"] as JsonObject ?? throw Invalid("each tool needs a 'function' object");
                RequireKnown(f, FunctionFields, $"tools[{i}].function");
                request.Tools.Add(new ToolDefinition(Str(f, "name") ?? throw Invalid("each tool function needs a 'name'"), Str(f, "description"), f["parameters"]?.DeepClone()));
            }
        }
        if (Num(o, "n") is { } n && n != 1) throw Invalid("'n' other than 1 is not supported by the router");
        foreach (var name in PassthroughFields)
        {
            if (o[name] is not { } value) continue;
            request.Passthrough ??= [];
            request.Passthrough[name] = value.DeepClone();
        }
        if (o["circuit_breaker"] is JsonObject cb) request.Routing = ParseRouting(cb);
        else if (o["circuit_breaker"] is not null) throw Invalid("'circuit_breaker' must be an object");
        return request;
    }

    /// <summary>
    /// The request parameters of OpenAI's chat completions API (deprecated ones included, since clients still send them) and
    /// our <c>circuit_breaker</c> extension. Anything else is refused as OpenAI refuses it, rather than silently dropped.
    /// </summary>
    public static readonly IReadOnlySet<string> ChatRequestFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "model", "messages", "temperature", "top_p", "n", "stream", "stream_options", "stop", "max_tokens", "max_completion_tokens",
        "presence_penalty", "frequency_penalty", "logit_bias", "logprobs", "top_logprobs", "user", "seed", "tools", "tool_choice",
        "parallel_tool_calls", "response_format", "functions", "function_call", "service_tier", "store", "metadata", "modalities",
        "audio", "prediction", "reasoning_effort", "web_search_options", "prompt_cache_key", "safety_identifier", "verbosity",
        "circuit_breaker",
    };

    // The fields OpenAI's chat completions API defines inside messages, their content parts, tool calls and tools.
    private static readonly HashSet<string> MessageFields = ["role", "content", "name", "tool_calls", "tool_call_id", "function_call", "refusal", "audio"];
    private static readonly HashSet<string> ContentPartFields = ["type", "text", "image_url", "input_audio", "file", "refusal"];
    private static readonly HashSet<string> ToolCallFields = ["id", "type", "function"];
    private static readonly HashSet<string> ToolCallFunctionFields = ["name", "arguments"];
    private static readonly HashSet<string> ToolFields = ["type", "function"];
    private static readonly HashSet<string> FunctionFields = ["name", "description", "parameters", "strict"];

    /// <summary>The request parameters of OpenAI's embeddings API.</summary>
    public static readonly IReadOnlySet<string> EmbeddingRequestFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "model", "input", "encoding_format", "dimensions", "user",
    };

    /// <summary>The fields of the <c>circuit_breaker</c> extension object (what <see cref="ParseRouting"/> reads).</summary>
    public static readonly IReadOnlySet<string> RoutingFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "routing_strategy", "max_cost_per_1k_tokens", "max_latency_ms", "task_type", "fallback_models", "preferred_providers", "project_id",
    };

    /// <summary>
    /// Refuses the first field of <paramref name="body"/> not in <paramref name="known"/>: 400 <c>UNKNOWN_FIELD</c> with
    /// OpenAI's message for an unrecognized argument and the field (dotted under <paramref name="parent"/>) as <c>param</c>.
    /// </summary>
    public static void RequireKnown(JsonObject body, IReadOnlySet<string> known, string? parent = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(known);
        foreach (var (name, _) in body)
        {
            if (known.Contains(name)) continue;
            var param = parent is null ? name : $"{parent}.{name}";
            throw new LlmException("UNKNOWN_FIELD", 400, $"Unrecognized request argument supplied: {param}") { Details = { ["param"] = param } };
        }
    }

    /// <summary>OpenAI request fields the router does not interpret but hands to OpenAI-compatible providers unchanged.</summary>
    public static readonly string[] PassthroughFields =
        ["response_format", "seed", "presence_penalty", "frequency_penalty", "logit_bias", "parallel_tool_calls", "reasoning_effort", "service_tier", "metadata", "store", "top_logprobs", "logprobs"];

    /// <summary>Parses the <c>circuit_breaker</c> extension object.</summary>
    public static RoutingOptions ParseRouting(JsonObject cb) => new()
    {
        RoutingStrategy = Str(cb, "routing_strategy"),
        MaxCostPer1kTokens = Num(cb, "max_cost_per_1k_tokens") is { } c ? (decimal)c : null,
        MaxLatencyMs = Num(cb, "max_latency_ms"),
        TaskType = Str(cb, "task_type"),
        FallbackModels = StrList(cb, "fallback_models"),
        PreferredProviders = StrList(cb, "preferred_providers"),
        ProjectId = Str(cb, "project_id"),
    };

    /// <summary>Writes a request body for an OpenAI-compatible provider.</summary>
    public static JsonObject WriteRequest(ChatRequest request, string model, bool stream)
    {
        var o = new JsonObject { ["model"] = model };
        var messages = new JsonArray();
        foreach (var m in request.Messages)
        {
            var jm = new JsonObject { ["role"] = m.Role, ["content"] = m.Content };
            if (m.Name is not null) jm["name"] = m.Name;
            if (m.ToolCallId is not null) jm["tool_call_id"] = m.ToolCallId;
            if (m.ToolCalls is { Count: > 0 }) jm["tool_calls"] = ToolCallsJson(m.ToolCalls);
            messages.Add(jm);
        }
        o["messages"] = messages;
        if (request.Temperature is { } t) o["temperature"] = t;
        if (request.TopP is { } p) o["top_p"] = p;
        if (request.MaxTokens is { } mt) o["max_tokens"] = mt;
        if (request.Stop is { Count: > 0 }) o["stop"] = new JsonArray([.. request.Stop.Select(s => (JsonNode?)s)]);
        if (request.Tools is { Count: > 0 })
        {
            o["tools"] = new JsonArray([.. request.Tools.Select(t => (JsonNode?)new JsonObject
            {
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = t.Name, ["description"] = t.Description, ["parameters"] = t.Parameters?.DeepClone() ?? new JsonObject { ["type"] = "object" } },
            })]);
        }
        if (request.ToolChoice is not null) o["tool_choice"] = request.ToolChoice.DeepClone();
        if (request.User is not null) o["user"] = request.User;
        foreach (var (name, value) in request.Passthrough ?? []) o[name] = value?.DeepClone();
        if (stream)
        {
            o["stream"] = true;
            // Ask for usage always: the router commits budgets from it.
            o["stream_options"] = new JsonObject { ["include_usage"] = true };
        }
        return o;
    }

    /// <summary>Reads a provider's chat completion answer.</summary>
    public static ChatResponse ParseResponse(JsonNode node)
    {
        var choice = (node["choices"] as JsonArray)?.FirstOrDefault() ?? throw new FormatException("no choices");
        var message = choice["message"] ?? throw new FormatException("no message");
        return new ChatResponse
        {
            Id = Str(node, "id") ?? "",
            Model = Str(node, "model") ?? "",
            Content = TextOf(message["content"]),
            ToolCalls = message["tool_calls"] is JsonArray calls && calls.Count > 0
                ? [.. calls.Select(c => new ToolCall(Str(c!, "id") ?? "", Str(c!["function"]!, "name") ?? "", Str(c!["function"]!, "arguments") ?? "{}"))]
                : null,
            FinishReason = Str(choice, "finish_reason"),
            Usage = ParseUsage(node["usage"]),
        };
    }

    /// <summary>Reads one streamed chunk (the JSON after <c>data:</c>).</summary>
    public static StreamChunk ParseChunk(JsonNode node)
    {
        var chunk = new StreamChunk { Id = Str(node, "id"), Usage = ParseUsage(node["usage"]) };
        if ((node["choices"] as JsonArray)?.FirstOrDefault() is { } choice)
        {
            chunk.FinishReason = Str(choice, "finish_reason");
            if (choice["delta"] is JsonObject delta)
            {
                chunk.Role = Str(delta, "role");
                chunk.ContentDelta = TextOf(delta["content"]);
                if (delta["tool_calls"] is JsonArray calls && calls.Count > 0)
                {
                    chunk.ToolCalls = [.. calls.Select(c => new ToolCallDelta(
                        (int)(Num(c!, "index") ?? 0), Str(c!, "id"), c!["function"] is JsonObject f ? Str(f, "name") : null,
                        c!["function"] is JsonObject g ? Str(g, "arguments") : null))];
                }
            }
        }
        return chunk;
    }

    /// <summary>Writes a complete answer as a <c>chat.completion</c> object.</summary>
    public static JsonObject WriteResponse(ChatResponse response, string id, string model, long created)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = response.Content };
        if (response.ToolCalls is { Count: > 0 }) message["tool_calls"] = ToolCallsJson(response.ToolCalls);
        return new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["logprobs"] = null,
                ["finish_reason"] = response.FinishReason ?? "stop",
            }),
            ["usage"] = UsageJson(response.Usage ?? new LlmUsage(0, 0)),
        };
    }

    /// <summary>Writes one <c>chat.completion.chunk</c>; a usage-only chunk has empty choices.</summary>
    public static JsonObject WriteChunk(StreamChunk chunk, string id, string model, long created, bool usageOnly = false)
    {
        var o = new JsonObject { ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = model };
        if (usageOnly)
        {
            o["choices"] = new JsonArray();
            o["usage"] = UsageJson(chunk.Usage ?? new LlmUsage(0, 0));
            return o;
        }
        var delta = new JsonObject();
        if (chunk.Role is not null) delta["role"] = chunk.Role;
        if (chunk.ContentDelta is not null) delta["content"] = chunk.ContentDelta;
        if (chunk.ToolCalls is { Count: > 0 })
        {
            delta["tool_calls"] = new JsonArray([.. chunk.ToolCalls.Select(t =>
            {
                var jt = new JsonObject { ["index"] = t.Index };
                if (t.Id is not null) { jt["id"] = t.Id; jt["type"] = "function"; }
                var f = new JsonObject();
                if (t.Name is not null) f["name"] = t.Name;
                f["arguments"] = t.ArgumentsDelta ?? "";
                jt["function"] = f;
                return (JsonNode?)jt;
            })]);
        }
        o["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = chunk.FinishReason });
        return o;
    }

    /// <summary>OpenAI <c>usage</c> object.</summary>
    public static JsonObject UsageJson(LlmUsage usage)
    {
        var u = new JsonObject { ["prompt_tokens"] = usage.PromptTokens, ["completion_tokens"] = usage.CompletionTokens, ["total_tokens"] = usage.TotalTokens };
        if (usage.CachedTokens > 0) u["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CachedTokens };
        return u;
    }

    /// <summary>Reads an OpenAI <c>usage</c> object.</summary>
    public static LlmUsage? ParseUsage(JsonNode? u) => u is JsonObject o
        ? new LlmUsage((int)(Num(o, "prompt_tokens") ?? 0), (int)(Num(o, "completion_tokens") ?? 0),
            (int)(o["prompt_tokens_details"] is JsonObject d ? Num(d, "cached_tokens") ?? 0 : 0))
        : null;

    private static JsonArray ToolCallsJson(IEnumerable<ToolCall> calls) => new([.. calls.Select(c => (JsonNode?)new JsonObject
    {
        ["id"] = c.Id,
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
    })]);

    private static ChatMessage ParseMessage(JsonNode? m, string path)
    {
        if (m is not JsonObject o) throw Invalid("each message must be an object");
        RequireKnown(o, MessageFields, path);
        if (o["content"] is JsonArray parts)
            for (var i = 0; i < parts.Count; i++)
                if (parts[i] is JsonObject part) RequireKnown(part, ContentPartFields, $"{path}.content[{i}]");
        var role = Str(o, "role") ?? throw Invalid("each message needs a 'role'");
        if (role is not ("system" or "developer" or "user" or "assistant" or "tool")) throw Invalid($"unknown message role '{role}'");
        var message = new ChatMessage
        {
            Role = role == "developer" ? "system" : role,
            Content = TextOf(o["content"]),
            Name = Str(o, "name"),
            ToolCallId = Str(o, "tool_call_id"),
        };
        if (o["tool_calls"] is JsonArray calls && calls.Count > 0)
        {
            message.ToolCalls = [];
            for (var i = 0; i < calls.Count; i++)
            {
                var c = calls[i];
                if (c is JsonObject call) RequireKnown(call, ToolCallFields, $"{path}.tool_calls[{i}]");
                var f = c?["function"] as JsonObject ?? throw Invalid("each tool call needs a 'function' object");
                RequireKnown(f, ToolCallFunctionFields, $"{path}.tool_calls[{i}].function");
                message.ToolCalls.Add(new ToolCall(Str(c!, "id") ?? throw Invalid("each tool call needs an 'id'"), Str(f, "name") ?? "", Str(f, "arguments") ?? "{}"));
            }
        }
        if (role == "tool" && message.ToolCallId is null) throw Invalid("a tool message needs 'tool_call_id'");
        return message;
    }

    /// <summary>Text of a content value: a string, or the text parts of a part array joined.</summary>
    public static string? TextOf(JsonNode? content) => content switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray parts => string.Concat(parts.Select(p => p?["type"]?.GetValue<string>() == "text" ? p["text"]?.GetValue<string>() : null)),
        _ => throw Invalid("message content must be a string or an array of parts"),
    };

    private static LlmException Invalid(string message) => new("INVALID_REQUEST", 400, message);

    internal static string? Str(JsonNode node, string name) => node[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() is JsonValueKind.Null => null,
        _ => throw Invalid($"'{name}' must be a string"),
    };

    internal static double? Num(JsonNode node, string name) => node[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => throw Invalid($"'{name}' must be a number"),
    };

    internal static bool? Bool(JsonNode node, string name) => node[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        _ => throw Invalid($"'{name}' must be a boolean"),
    };

    private static List<string>? StrList(JsonNode node, string name) => node[name] switch
    {
        null => null,
        JsonArray a => [.. a.Select(x => x is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Invalid($"'{name}' must be an array of strings"))],
        _ => throw Invalid($"'{name}' must be an array of strings"),
    };
}
