namespace CircuitBreaker.Grains;

/// <summary>The Orleans stream provider every grain event is published on (silos and clients register it under this name).</summary>
public static class GrainStreams
{
    /// <summary>The stream provider's name.</summary>
    public const string ProviderName = "events";

    /// <summary>The grain storage holding the provider's subscriptions (Orleans' conventional name).</summary>
    public const string PubSubStore = "PubSubStore";
}
