namespace CircuitBreaker.Runtime;

/// <summary>Settings of one silo.</summary>
public sealed class SiloOptions
{
    /// <summary>The service this silo belongs to (shared by all silos of a cluster). Default <c>circuit-breaker</c>.</summary>
    public string ServiceId { get; set; } = "circuit-breaker";

    /// <summary>Idle time after which an activation is collected, unless its class has [CollectionAge]. Default 15 minutes.</summary>
    public TimeSpan DefaultCollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for. Default 1 minute.</summary>
    public TimeSpan CollectionScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a caller waits for a grain's reply, unless the method has [CallTimeout]. Default 30 seconds.</summary>
    public TimeSpan DefaultCallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The smallest reminder period accepted. Default 1 second.</summary>
    public TimeSpan ReminderMinimumPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long <c>OnActivateAsync</c>/<c>OnDeactivateAsync</c> may take before their token is cancelled. Default 30 seconds.</summary>
    public TimeSpan LifecycleTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
