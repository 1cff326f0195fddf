using System.Text.Json.Nodes;

namespace CircuitBreaker.Gateway.Tests.Api;

/// <summary>One server-sent event as received.</summary>
public sealed record SseEvent(long? Id, string Event, JsonNode Data);

/// <summary>A minimal text/event-stream reader over a live HTTP response.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _reader = new StreamReader(stream);
    }

    /// <summary>Opens the stream and waits for the server's <c>: connected</c> comment (sent once it subscribed).</summary>
    public static async Task<SseClient> ConnectAsync(HttpClient client, string path, long? lastEventId, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is { } id) request.Headers.Add("Last-Event-ID", id.ToString());
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            throw new InvalidOperationException($"not an event stream: {response.Content.Headers.ContentType}");
        var sse = new SseClient(response, await response.Content.ReadAsStreamAsync(ct));
        while (await sse._reader.ReadLineAsync(ct) is { } line)
            if (line == ": connected") return sse;
        throw new InvalidOperationException("stream ended before it was connected");
    }

    /// <summary>The next event (comments skipped); null when the stream ended.</summary>
    public async Task<SseEvent?> NextAsync(CancellationToken ct)
    {
        long? id = null;
        string? kind = null, data = null;
        while (await _reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null) return new SseEvent(id, kind ?? "message", JsonNode.Parse(data)!);
                continue;
            }
            if (line.StartsWith(':')) continue;
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = long.Parse(value); break;
                case "event": kind = value; break;
                case "data": data = data is null ? value : data + "\n" + value; break;
            }
        }
        return null;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
