using System.Net;

namespace CircuitBreaker.Silo;

/// <summary>The <c>Silo</c> configuration section: where this silo listens and which cluster it joins.</summary>
public sealed class SiloSettings
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Silo";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (gateways in client mode, other .NET services) connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo at. Default 127.0.0.1 (loopback runs).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Silos (and clients) with the same cluster id form one cluster. Default: the storage's service id.</summary>
    public string ClusterId { get; set; } = "";

    /// <summary>
    /// How long a gateway in client mode waits for a grain's answer before the call fails (and a client may retry).
    /// Default 5 s: it is also how long fires stuck on a killed gateway silo wait. Methods that run long carry their own
    /// <c>[ResponseTimeout]</c>.
    /// </summary>
    public TimeSpan ClientCallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The advertised address parsed, or a clear error.</summary>
    public IPAddress ParseAdvertisedAddress() => IPAddress.TryParse(AdvertisedAddress, out var address)
        ? address
        : throw new InvalidOperationException($"Silo:AdvertisedAddress '{AdvertisedAddress}' is not an IP address.");
}
