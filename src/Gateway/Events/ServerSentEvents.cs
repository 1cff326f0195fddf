using System.Text;
using System.Text.Json;
using CircuitBreaker.Gateway.Api;

namespace CircuitBreaker.Gateway.Events;

/// <summary>Formats and writes <c>text/event-stream</c> frames.</summary>
public static class ServerSentEvents
{
    /// <summary>One frame: optional <c>id:</c>, <c>event:</c>, single-line JSON <c>data:</c>, blank line.</summary>
    public static string Frame(long? id, string kind, object data)
    {
        var text = new StringBuilder();
        if (id is { } n) text.Append("id: ").Append(n).Append('\n');
        text.Append("event: ").Append(kind).Append('\n');
        // Serialized JSON has no raw newlines (they are escaped inside strings), so one data line suffices.
        text.Append("data: ").Append(JsonSerializer.Serialize(data, ApiJson.Options)).Append("\n\n");
        return text.ToString();
    }

    /// <summary>Writes a frame and flushes it to the client.</summary>
    public static async Task WriteAsync(HttpResponse response, string frame, CancellationToken cancellationToken)
    {
        await response.WriteAsync(frame, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
