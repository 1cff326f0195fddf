using CircuitBreaker.Llm.Catalog;
using CircuitBreaker.Llm.Model;

namespace CircuitBreaker.Llm.Routing;

/// <summary>Token counts when a provider gives none, and the cost estimate a budget reservation holds: about four characters a token.</summary>
public static class TokenEstimator
{
    /// <summary>Output tokens assumed when a request sets no <c>max_tokens</c>.</summary>
    public const int DefaultCompletionTokens = 1024;

    /// <summary>Tokens of <paramref name="text"/> (ceil(chars / 4)).</summary>
    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : (text.Length + 3) / 4;

    /// <summary>Prompt tokens of a request: message texts, tool calls and tool schemas, plus a few per message for framing.</summary>
    public static int Prompt(ChatRequest request)
    {
        var tokens = 3;
        foreach (var m in request.Messages)
        {
            tokens += 4 + Count(m.Content) + Count(m.Name);
            foreach (var c in m.ToolCalls ?? []) tokens += Count(c.Name) + Count(c.Arguments);
        }
        foreach (var t in request.Tools ?? []) tokens += Count(t.Name) + Count(t.Description) + Count(t.Parameters?.ToJsonString());
        return tokens;
    }

    /// <summary>Most output tokens the request can produce.</summary>
    public static int Completion(ChatRequest request) => request.MaxTokens is int m && m > 0 ? m : DefaultCompletionTokens;

    /// <summary>Upper-bound cost of <paramref name="request"/> on <paramref name="model"/>.</summary>
    public static decimal Cost(ChatRequest request, ModelEntry model) => model.Cost(new LlmUsage(Prompt(request), Completion(request)));
}
