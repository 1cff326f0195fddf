using System.Net;
using System.Net.Sockets;

namespace CircuitBreaker.Llm.Providers;

/// <summary>
/// Which provider base URLs and addresses the router may call: http or https only; never link-local or cloud metadata
/// addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254); loopback and private ranges (127/8, 10/8, 172.16/12,
/// 192.168/16, 100.64/10, fc00::/7, ::1) only when <see cref="AllowPrivate"/> (configuration <c>Llm:AllowPrivateBaseUrls</c>).
/// Checked when a base URL is configured at run time and again for every resolved address when a connection opens.
/// </summary>
/// <param name="allowPrivate">Whether loopback and private addresses may be called.</param>
public sealed class BaseUrlPolicy(bool allowPrivate)
{
    /// <summary>How the message of a connection refused by the policy begins.</summary>
    public const string RefusalPrefix = "the provider address is refused";

    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    /// <summary>Whether loopback and private addresses may be called.</summary>
    public bool AllowPrivate { get; } = allowPrivate;

    /// <summary>Why <paramref name="baseUrl"/> may not be used, or null when it may.</summary>
    public string? Refusal(string? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(baseUrl) || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
            return "it must be an absolute URL";
        if (uri.Scheme is not ("http" or "https")) return $"the scheme must be http or https, not '{uri.Scheme}'";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "it must not carry user information";
        var host = uri.IdnHost.Trim('[', ']');
        if (IPAddress.TryParse(host, out var address)) return Refusal(address);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return AllowPrivate ? null : "loopback addresses are not allowed (Llm:AllowPrivateBaseUrls is false)";
        if (host.Equals("metadata.google.internal", StringComparison.OrdinalIgnoreCase)) return "cloud metadata addresses are never allowed";
        return null;
    }

    /// <summary>Why <paramref name="address"/> may not be called, or null when it may.</summary>
    public string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IsLinkLocalOrMetadata(address)) return "link-local and cloud metadata addresses are never allowed";
        if (!AllowPrivate && IsPrivate(address)) return "loopback and private addresses are not allowed (Llm:AllowPrivateBaseUrls is false)";
        return null;
    }

    /// <summary>169.254.0.0/16, fe80::/10 and fd00:ec2::254.</summary>
    public static bool IsLinkLocalOrMetadata(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 169 && b[1] == 254;
        }
        return address.IsIPv6LinkLocal || address.Equals(AwsMetadataV6);
    }

    /// <summary>Loopback, unspecified, RFC 1918, carrier-grade NAT and IPv6 unique-local addresses.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 100 && b[1] is >= 64 and <= 127);
        }
        return address.IsIPv6UniqueLocal || address.IsIPv6SiteLocal;
    }

    /// <summary>
    /// A connect callback for <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves the host, refuses addresses this
    /// policy forbids (so a public name resolving to a private address is refused too) and connects to the others.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        foreach (var address in addresses)
            if (Refusal(address) is { } why)
                throw new HttpRequestException(HttpRequestError.ConnectionError, $"{RefusalPrefix}: {why}");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
