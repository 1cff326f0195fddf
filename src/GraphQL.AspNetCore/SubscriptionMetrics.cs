using System.Diagnostics.Metrics;

namespace CircuitBreaker.GraphQL.AspNetCore;

/// <summary>
/// <c>cb_subscriptions_open</c>: live subscriptions this process is serving, by transport (<c>graphql-ws</c>,
/// <c>graphql-sse</c>; the gateway's REST server-sent events add <c>sse</c> through <see cref="Open"/>). An up/down
/// counter on the product meter <c>CircuitBreaker</c>: the transport knows nothing of what is subscribed to.
/// </summary>
public static class SubscriptionMetrics
{
    private static readonly Meter Meter = new("CircuitBreaker");

    private static readonly UpDownCounter<long> OpenSubscriptions = Meter.CreateUpDownCounter<long>(
        "cb.subscriptions.open", "{subscription}", "Live subscriptions served by this process, by transport.");

    /// <summary>Counts a subscription as open until the returned handle is disposed.</summary>
    public static IDisposable Open(string transport)
    {
        OpenSubscriptions.Add(1, new KeyValuePair<string, object?>("transport", transport));
        return new Handle(transport);
    }

    private sealed class Handle(string transport) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                OpenSubscriptions.Add(-1, new KeyValuePair<string, object?>("transport", transport));
        }
    }
}
