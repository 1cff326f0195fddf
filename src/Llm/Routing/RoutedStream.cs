using CircuitBreaker.Llm.Model;

namespace CircuitBreaker.Llm.Routing;

/// <summary>A stream whose provider is chosen; enumerate <see cref="Chunks"/> once. Usage and cost are known when it ends.</summary>
public sealed class RoutedStream
{
    private IAsyncEnumerable<StreamChunk>? _chunks;

    internal RoutedStream(RoutingInfo routing) => Routing = routing;

    /// <summary>Routing details (cost filled in when the stream ends).</summary>
    public RoutingInfo Routing { get; }

    /// <summary>The chunks (usage-only chunks of the provider are held back; see <see cref="Usage"/>).</summary>
    public IAsyncEnumerable<StreamChunk> Chunks => _chunks ?? throw new InvalidOperationException("stream not attached");

    /// <summary>Token counts, set when the stream has ended (provider's or estimated).</summary>
    public LlmUsage? Usage { get; private set; }

    internal void Attach(IAsyncEnumerable<StreamChunk> chunks) => _chunks = chunks;

    internal void Complete(LlmUsage usage, decimal cost)
    {
        Usage = usage;
        Routing.Cost = cost;
        Routing.UsageEstimated = usage.Estimated;
    }
}
