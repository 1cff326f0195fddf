// A copy of tests/Llm.Tests/StandIns/StandInProvider.cs: this project cannot link that file, and the two must speak the same protocols.
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CircuitBreaker.Gateway.Tests.Llm;

/// <summary>What the stand-in does with the next call.</summary>
public sealed record Behavior
{
    /// <summary>HTTP status; not 200 = an error body in the protocol's shape.</summary>
    public int Status { get; init; } = 200;
    /// <summary>Error message for a failure.</summary>
    public string ErrorMessage { get; init; } = "stand-in failure";
    /// <summary>Retry-After seconds on a failure.</summary>
    public int? RetryAfterSeconds { get; init; }
    /// <summary>Wait before answering.</summary>
    public TimeSpan Delay { get; init; }
    /// <summary>Answer text.</summary>
    public string Text { get; init; } = "Hello from the stand-in";
    /// <summary>Answer with this tool call instead of text.</summary>
    public (string Name, string Arguments)? ToolCall { get; init; }
    /// <summary>Leave usage out.</summary>
    public bool OmitUsage { get; init; }
    /// <summary>Stream: 0 = reset the connection before any event; n &gt; 0 = end the body after n content chunks without the protocol's finish (an ordered close, so the n chunks surely arrive).</summary>
    public int? CutAfterChunks { get; init; }
    /// <summary>Stream: wait before each content event.</summary>
    public TimeSpan ChunkDelay { get; init; }
    /// <summary>Prompt tokens reported.</summary>
    public int PromptTokens { get; init; } = 11;
    /// <summary>Completion tokens reported.</summary>
    public int CompletionTokens { get; init; } = 7;
}

/// <summary>
/// A Kestrel server on 127.0.0.1 speaking OpenAI chat completions and embeddings, Anthropic Messages and Gemini
/// generateContent (JSON and SSE). It checks the request shape and auth of each protocol (400/401 when wrong), counts calls and
/// follows scripted behaviours.
/// </summary>
public sealed class StandInProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Behavior> _script = new();
    private int _calls;

    private StandInProvider(WebApplication app) => _app = app;

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:5123</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Key expected (null = any).</summary>
    public string? ExpectedKey { get; set; }

    /// <summary>Behaviour when the script is empty.</summary>
    public Behavior Default { get; set; } = new();

    /// <summary>Calls received.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Request bodies received, in order.</summary>
    public ConcurrentQueue<JsonNode> Bodies { get; } = new();

    /// <summary>Paths received, in order.</summary>
    public ConcurrentQueue<string> Paths { get; } = new();

    /// <summary>Queues behaviours for the next calls.</summary>
    public void Enqueue(params Behavior[] behaviors)
    {
        foreach (var b in behaviors) _script.Enqueue(b);
    }

    /// <summary>Starts a stand-in on a free loopback port.</summary>
    public static async Task<StandInProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new StandInProvider(app);
        app.MapPost("/v1/chat/completions", standIn.OpenAiChat);
        app.MapPost("/v1/embeddings", standIn.OpenAiEmbeddings);
        app.MapPost("/v1/messages", standIn.AnthropicMessages);
        app.MapPost("/v1beta/models/{*rest}", standIn.Gemini);
        await app.StartAsync();
        standIn.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return standIn;
    }

    private async Task<(JsonNode? Body, Behavior Behavior)> BeginAsync(HttpContext ctx)
    {
        Interlocked.Increment(ref _calls);
        Paths.Enqueue(ctx.Request.Path + ctx.Request.QueryString);
        var body = await JsonNode.ParseAsync(ctx.Request.Body);
        if (body is not null) Bodies.Enqueue(body);
        var behavior = _script.TryDequeue(out var b) ? b : Default;
        if (behavior.Delay > TimeSpan.Zero)
        {
            try { await Task.Delay(behavior.Delay, ctx.RequestAborted); }
            catch (OperationCanceledException) { /* the client gave up */ }
        }
        return (body, behavior);
    }

    private bool Authorized(HttpContext ctx, string header, string? prefix = null)
    {
        if (ExpectedKey is null) return true;
        var value = ctx.Request.Headers[header].ToString();
        return value == (prefix ?? "") + ExpectedKey;
    }

    private static async Task Error(HttpContext ctx, Behavior b, JsonObject body)
    {
        ctx.Response.StatusCode = b.Status;
        if (b.RetryAfterSeconds is { } s) ctx.Response.Headers.RetryAfter = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ctx.Response.WriteAsJsonAsync(body);
    }

    private static IEnumerable<string> Pieces(string text) => text.Split(' ').Select((w, i) => i == 0 ? w : " " + w);

    private static async Task Sse(HttpContext ctx, string? eventName, JsonNode data)
    {
        var text = (eventName is null ? "" : $"event: {eventName}\n") + $"data: {data.ToJsonString()}\n\n";
        await ctx.Response.WriteAsync(text);
        await ctx.Response.Body.FlushAsync();
    }

    private async Task OpenAiChat(HttpContext ctx)
    {
        var (body, b) = await BeginAsync(ctx);
        if (!Authorized(ctx, "Authorization", "Bearer ")) { await Error(ctx, b with { Status = 401 }, new JsonObject { ["error"] = new JsonObject { ["message"] = $"Incorrect API key provided: {ctx.Request.Headers.Authorization}", ["type"] = "invalid_request_error" } }); return; }
        if (body?["model"] is null || body["messages"] is not JsonArray) { await Error(ctx, b with { Status = 400 }, OpenAiError("model and messages are required")); return; }
        if (b.Status != 200) { await Error(ctx, b, OpenAiError(b.ErrorMessage)); return; }
        var model = body["model"]!.GetValue<string>();
        var usage = new JsonObject { ["prompt_tokens"] = b.PromptTokens, ["completion_tokens"] = b.CompletionTokens, ["total_tokens"] = b.PromptTokens + b.CompletionTokens };
        if (body["stream"]?.GetValue<bool>() != true)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = b.ToolCall is null ? b.Text : null };
            if (b.ToolCall is { } tc)
                message["tool_calls"] = new JsonArray(new JsonObject { ["id"] = "call_1", ["type"] = "function", ["function"] = new JsonObject { ["name"] = tc.Name, ["arguments"] = tc.Arguments } });
            var answer = new JsonObject
            {
                ["id"] = "chatcmpl-standin", ["object"] = "chat.completion", ["created"] = 1, ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = b.ToolCall is null ? "stop" : "tool_calls" }),
            };
            if (!b.OmitUsage) answer["usage"] = usage;
            await ctx.Response.WriteAsJsonAsync(answer);
            return;
        }
        ctx.Response.ContentType = "text/event-stream";
        if (b.CutAfterChunks == 0) { await ctx.Response.Body.FlushAsync(); ctx.Abort(); return; }
        JsonObject Chunk(JsonObject delta, string? finish) => new()
        {
            ["id"] = "chatcmpl-standin", ["object"] = "chat.completion.chunk", ["created"] = 1, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };
        await Sse(ctx, null, Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null));
        var sent = 0;
        if (b.ToolCall is { } call)
        {
            await Sse(ctx, null, Chunk(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["id"] = "call_1", ["type"] = "function", ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = "" } }) }, null));
            foreach (var part in Halves(call.Arguments))
                await Sse(ctx, null, Chunk(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = part } }) }, null));
        }
        else
        {
            foreach (var piece in Pieces(b.Text))
            {
                if (b.CutAfterChunks is { } cut && sent >= cut) return;
                if (b.ChunkDelay > TimeSpan.Zero) await Task.Delay(b.ChunkDelay, ctx.RequestAborted);
                await Sse(ctx, null, Chunk(new JsonObject { ["content"] = piece }, null));
                sent++;
            }
        }
        await Sse(ctx, null, Chunk(new JsonObject(), b.ToolCall is null ? "stop" : "tool_calls"));
        var includeUsage = body["stream_options"]?["include_usage"]?.GetValue<bool>() == true;
        if (includeUsage && !b.OmitUsage)
            await Sse(ctx, null, new JsonObject { ["id"] = "chatcmpl-standin", ["object"] = "chat.completion.chunk", ["created"] = 1, ["model"] = model, ["choices"] = new JsonArray(), ["usage"] = usage });
        await ctx.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static IEnumerable<string> Halves(string s) => s.Length < 2 ? [s] : [s[..(s.Length / 2)], s[(s.Length / 2)..]];

    private static JsonObject OpenAiError(string message) => new() { ["error"] = new JsonObject { ["message"] = message, ["type"] = "server_error" } };

    private async Task OpenAiEmbeddings(HttpContext ctx)
    {
        var (body, b) = await BeginAsync(ctx);
        if (!Authorized(ctx, "Authorization", "Bearer ")) { await Error(ctx, b with { Status = 401 }, OpenAiError("bad key")); return; }
        if (b.Status != 200) { await Error(ctx, b, OpenAiError(b.ErrorMessage)); return; }
        var inputs = body?["input"] as JsonArray ?? [];
        await ctx.Response.WriteAsJsonAsync(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. inputs.Select((x, i) => (JsonNode?)new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = new JsonArray(0.5, i, x!.GetValue<string>().Length) })]),
            ["model"] = body?["model"]?.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = b.PromptTokens, ["total_tokens"] = b.PromptTokens },
        });
    }

    private async Task AnthropicMessages(HttpContext ctx)
    {
        var (body, b) = await BeginAsync(ctx);
        JsonObject Err(string type, string msg) => new() { ["type"] = "error", ["error"] = new JsonObject { ["type"] = type, ["message"] = msg } };
        if (!Authorized(ctx, "x-api-key")) { await Error(ctx, b with { Status = 401 }, Err("authentication_error", "invalid x-api-key")); return; }
        if (string.IsNullOrEmpty(ctx.Request.Headers["anthropic-version"])) { await Error(ctx, b with { Status = 400 }, Err("invalid_request_error", "anthropic-version header is required")); return; }
        if (body?["model"] is null || body["max_tokens"] is null || body["messages"] is not JsonArray msgs)
        { await Error(ctx, b with { Status = 400 }, Err("invalid_request_error", "model, max_tokens and messages are required")); return; }
        if (msgs.Any(m => m?["role"]?.GetValue<string>() is not ("user" or "assistant")))
        { await Error(ctx, b with { Status = 400 }, Err("invalid_request_error", "messages: roles must be user or assistant (system goes in the top-level system field)")); return; }
        if (b.Status != 200) { await Error(ctx, b, Err(b.Status == 529 ? "overloaded_error" : "api_error", b.ErrorMessage)); return; }
        var model = body["model"]!.GetValue<string>();
        if (body["stream"]?.GetValue<bool>() != true)
        {
            var content = b.ToolCall is { } tc
                ? new JsonArray(new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_1", ["name"] = tc.Name, ["input"] = JsonNode.Parse(tc.Arguments) })
                : new JsonArray(new JsonObject { ["type"] = "text", ["text"] = b.Text });
            var answer = new JsonObject
            {
                ["id"] = "msg_standin", ["type"] = "message", ["role"] = "assistant", ["model"] = model, ["content"] = content,
                ["stop_reason"] = b.ToolCall is null ? "end_turn" : "tool_use", ["stop_sequence"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = b.PromptTokens, ["output_tokens"] = b.CompletionTokens },
            };
            await ctx.Response.WriteAsJsonAsync(answer);
            return;
        }
        ctx.Response.ContentType = "text/event-stream";
        if (b.CutAfterChunks == 0) { await ctx.Response.Body.FlushAsync(); ctx.Abort(); return; }
        await Sse(ctx, "message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject { ["id"] = "msg_standin", ["type"] = "message", ["role"] = "assistant", ["model"] = model, ["content"] = new JsonArray(), ["usage"] = new JsonObject { ["input_tokens"] = b.PromptTokens, ["output_tokens"] = 1 } },
        });
        await Sse(ctx, "ping", new JsonObject { ["type"] = "ping" });
        if (b.ToolCall is { } call)
        {
            await Sse(ctx, "content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } });
            await Sse(ctx, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = "Let me check." } });
            await Sse(ctx, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
            await Sse(ctx, "content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 1, ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_1", ["name"] = call.Name, ["input"] = new JsonObject() } });
            foreach (var part in Halves(call.Arguments))
                await Sse(ctx, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 1, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = part } });
            await Sse(ctx, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 1 });
        }
        else
        {
            await Sse(ctx, "content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } });
            var sent = 0;
            foreach (var piece in Pieces(b.Text))
            {
                if (b.CutAfterChunks is { } cut && sent >= cut) return;
                await Sse(ctx, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece } });
                sent++;
            }
            await Sse(ctx, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        }
        await Sse(ctx, "message_delta", new JsonObject
        {
            ["type"] = "message_delta", ["delta"] = new JsonObject { ["stop_reason"] = b.ToolCall is null ? "end_turn" : "tool_use", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = b.CompletionTokens },
        });
        await Sse(ctx, "message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    private async Task Gemini(HttpContext ctx, string rest)
    {
        var (body, b) = await BeginAsync(ctx);
        JsonObject Err(int code, string msg) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = msg, ["status"] = code == 429 ? "RESOURCE_EXHAUSTED" : "INTERNAL" } };
        if (!Authorized(ctx, "x-goog-api-key")) { await Error(ctx, b with { Status = 401 }, Err(401, "API key not valid")); return; }
        var colon = rest.LastIndexOf(':');
        var method = colon < 0 ? "" : rest[(colon + 1)..];
        if (method == "batchEmbedContents")
        {
            if (body?["requests"] is not JsonArray requests || requests.Any(r => r?["content"]?["parts"]?[0]?["text"] is null))
            { await Error(ctx, b with { Status = 400 }, Err(400, "requests[].content.parts[].text required")); return; }
            await ctx.Response.WriteAsJsonAsync(new JsonObject
            {
                ["embeddings"] = new JsonArray([.. requests.Select(r => (JsonNode?)new JsonObject { ["values"] = new JsonArray(0.25, r!["content"]!["parts"]![0]!["text"]!.GetValue<string>().Length) })]),
            });
            return;
        }
        if (method is not ("generateContent" or "streamGenerateContent") || body?["contents"] is not JsonArray contents
            || contents.Any(c => c?["role"]?.GetValue<string>() is not ("user" or "model")))
        { await Error(ctx, b with { Status = 400 }, Err(400, "Invalid JSON payload: contents with roles user/model required")); return; }
        if (b.Status != 200) { await Error(ctx, b, Err(b.Status, b.ErrorMessage)); return; }
        var usage = new JsonObject { ["promptTokenCount"] = b.PromptTokens, ["candidatesTokenCount"] = b.CompletionTokens, ["totalTokenCount"] = b.PromptTokens + b.CompletionTokens };
        JsonObject Response(JsonArray parts, string? finish, bool withUsage)
        {
            var candidate = new JsonObject { ["content"] = new JsonObject { ["role"] = "model", ["parts"] = parts }, ["index"] = 0 };
            if (finish is not null) candidate["finishReason"] = finish;
            var r = new JsonObject { ["candidates"] = new JsonArray(candidate), ["modelVersion"] = rest[..colon], ["responseId"] = "gem-standin" };
            if (withUsage && !b.OmitUsage) r["usageMetadata"] = usage.DeepClone();
            return r;
        }
        if (method == "generateContent")
        {
            var parts = b.ToolCall is { } tc
                ? new JsonArray(new JsonObject { ["functionCall"] = new JsonObject { ["name"] = tc.Name, ["args"] = JsonNode.Parse(tc.Arguments) } })
                : new JsonArray(new JsonObject { ["text"] = b.Text });
            await ctx.Response.WriteAsJsonAsync(Response(parts, "STOP", true));
            return;
        }
        if (ctx.Request.Query["alt"] != "sse") { await Error(ctx, b with { Status = 400 }, Err(400, "this stand-in only streams with alt=sse")); return; }
        ctx.Response.ContentType = "text/event-stream";
        if (b.CutAfterChunks == 0) { await ctx.Response.Body.FlushAsync(); ctx.Abort(); return; }
        if (b.ToolCall is { } call)
        {
            await Sse(ctx, null, Response(new JsonArray(new JsonObject { ["functionCall"] = new JsonObject { ["name"] = call.Name, ["args"] = JsonNode.Parse(call.Arguments) } }), "STOP", true));
            return;
        }
        var pieces = Pieces(b.Text).ToList();
        for (var i = 0; i < pieces.Count; i++)
        {
            if (b.CutAfterChunks is { } cut && i >= cut) return;
            await Sse(ctx, null, Response(new JsonArray(new JsonObject { ["text"] = pieces[i] }), i == pieces.Count - 1 ? "STOP" : null, true));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
