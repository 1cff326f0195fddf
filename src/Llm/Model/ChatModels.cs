using System.Text.Json.Nodes;

namespace CircuitBreaker.Llm.Model;

/// <summary>One chat completion request in the router's own provider-neutral shape.</summary>
public sealed class ChatRequest
{
    /// <summary>Requested model: a concrete model, <c>provider/model</c>, or a virtual model such as <c>cb:fastest</c>.</summary>
    public string Model { get; set; } = "";
    /// <summary>The conversation.</summary>
    public List<ChatMessage> Messages { get; set; } = [];
    /// <summary>Sampling temperature.</summary>
    public double? Temperature { get; set; }
    /// <summary>Nucleus sampling.</summary>
    public double? TopP { get; set; }
    /// <summary>Upper bound of generated tokens.</summary>
    public int? MaxTokens { get; set; }
    /// <summary>Stop sequences.</summary>
    public List<string>? Stop { get; set; }
    /// <summary>Tools (functions) the model may call.</summary>
    public List<ToolDefinition>? Tools { get; set; }
    /// <summary>OpenAI-style tool choice: <c>"auto"</c>, <c>"none"</c>, <c>"required"</c> or <c>{type:"function",function:{name}}</c>.</summary>
    public JsonNode? ToolChoice { get; set; }
    /// <summary>Answer as a stream of chunks.</summary>
    public bool Stream { get; set; }
    /// <summary>Send a final chunk carrying usage (OpenAI <c>stream_options.include_usage</c>).</summary>
    public bool IncludeUsage { get; set; }
    /// <summary>End-user id (budget scope <c>user:{id}</c>).</summary>
    public string? User { get; set; }
    /// <summary>The seed's <c>circuit_breaker</c> request extension.</summary>
    public RoutingOptions? Routing { get; set; }
    /// <summary>OpenAI parameters passed through as given to OpenAI-compatible providers (<c>response_format</c>, <c>seed</c>, penalties …).</summary>
    public JsonObject? Passthrough { get; set; }
}

/// <summary>One message of a conversation.</summary>
public sealed class ChatMessage
{
    /// <summary><c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
    public string Role { get; set; } = "user";
    /// <summary>Text content (text parts of multi-part content joined).</summary>
    public string? Content { get; set; }
    /// <summary>Tool calls made by an assistant message.</summary>
    public List<ToolCall>? ToolCalls { get; set; }
    /// <summary>For a <c>tool</c> message: the call it answers.</summary>
    public string? ToolCallId { get; set; }
    /// <summary>Optional participant or tool name.</summary>
    public string? Name { get; set; }
}

/// <summary>A function the model may call.</summary>
/// <param name="Name">Function name.</param>
/// <param name="Description">What it does.</param>
/// <param name="Parameters">JSON Schema of its arguments.</param>
public sealed record ToolDefinition(string Name, string? Description, JsonNode? Parameters);

/// <summary>A function call made by the model.</summary>
/// <param name="Id">Call id (echoed by the tool result).</param>
/// <param name="Name">Function name.</param>
/// <param name="Arguments">Arguments as a JSON text.</param>
public sealed record ToolCall(string Id, string Name, string Arguments);

/// <summary>Token counts of one call.</summary>
/// <param name="PromptTokens">Input tokens (cached ones included).</param>
/// <param name="CompletionTokens">Generated tokens.</param>
/// <param name="CachedTokens">Input tokens served from the provider's prompt cache.</param>
/// <param name="Estimated">True when counted by the router (about four characters a token) because the provider gave none.</param>
public sealed record LlmUsage(int PromptTokens, int CompletionTokens, int CachedTokens = 0, bool Estimated = false)
{
    /// <summary>Input plus output tokens.</summary>
    public int TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>A complete (non-streamed) answer.</summary>
public sealed class ChatResponse
{
    /// <summary>Provider's response id.</summary>
    public string Id { get; set; } = "";
    /// <summary>Model that answered, as the provider names it.</summary>
    public string Model { get; set; } = "";
    /// <summary>Text answer.</summary>
    public string? Content { get; set; }
    /// <summary>Tool calls requested by the model.</summary>
    public List<ToolCall>? ToolCalls { get; set; }
    /// <summary>OpenAI finish reason: <c>stop</c>, <c>length</c>, <c>tool_calls</c>, <c>content_filter</c>.</summary>
    public string? FinishReason { get; set; }
    /// <summary>Token counts.</summary>
    public LlmUsage? Usage { get; set; }
}

/// <summary>A piece of a streamed tool call.</summary>
/// <param name="Index">Position of the call in the message.</param>
/// <param name="Id">Call id (first piece only).</param>
/// <param name="Name">Function name (first piece only).</param>
/// <param name="ArgumentsDelta">Next characters of the arguments JSON.</param>
public sealed record ToolCallDelta(int Index, string? Id, string? Name, string? ArgumentsDelta);

/// <summary>One streamed piece of an answer.</summary>
public sealed class StreamChunk
{
    /// <summary>Provider's response id when known.</summary>
    public string? Id { get; set; }
    /// <summary>Role (first chunk).</summary>
    public string? Role { get; set; }
    /// <summary>Next text.</summary>
    public string? ContentDelta { get; set; }
    /// <summary>Tool call pieces.</summary>
    public List<ToolCallDelta>? ToolCalls { get; set; }
    /// <summary>Set on the last content chunk.</summary>
    public string? FinishReason { get; set; }
    /// <summary>Token counts (usually only on the final chunk).</summary>
    public LlmUsage? Usage { get; set; }
}

/// <summary>An embeddings request.</summary>
/// <param name="Model">Model id or <c>provider/model</c>.</param>
/// <param name="Inputs">Texts to embed.</param>
/// <param name="User">End-user id.</param>
/// <param name="Dimensions">Requested output dimensions.</param>
public sealed record EmbeddingRequest(string Model, IReadOnlyList<string> Inputs, string? User, int? Dimensions);

/// <summary>An embeddings answer.</summary>
/// <param name="Model">Model that answered.</param>
/// <param name="Vectors">One vector per input.</param>
/// <param name="Usage">Token counts.</param>
public sealed record EmbeddingResponse(string Model, IReadOnlyList<float[]> Vectors, LlmUsage Usage);
