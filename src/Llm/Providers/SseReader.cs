namespace CircuitBreaker.Llm.Providers;

/// <summary>One server-sent event.</summary>
/// <param name="Event">The <c>event:</c> field (null when absent).</param>
/// <param name="Data">The <c>data:</c> lines joined by newlines.</param>
public sealed record SseEvent(string? Event, string Data);

/// <summary>Reads server-sent events (WHATWG event-stream framing) from a stream.</summary>
public static class SseReader
{
    /// <summary>Yields each dispatched event; comments and retry/id fields are skipped.</summary>
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        string? eventName = null;
        var data = new System.Text.StringBuilder();
        var hasData = false;
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken);
            if (line is null) break;
            if (line.Length == 0)
            {
                if (hasData) yield return new SseEvent(eventName, data.ToString());
                eventName = null;
                data.Clear();
                hasData = false;
                continue;
            }
            if (line[0] == ':') continue;
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' ')) value = value[1..];
            if (field == "event") eventName = value;
            else if (field == "data")
            {
                if (hasData) data.Append('\n');
                data.Append(value);
                hasData = true;
            }
        }
        if (hasData) yield return new SseEvent(eventName, data.ToString());
    }
}
