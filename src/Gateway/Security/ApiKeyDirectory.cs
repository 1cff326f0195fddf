using System.Security.Cryptography;
using System.Text;

namespace CircuitBreaker.Gateway.Security;

/// <summary>The configured API keys; lookup compares in constant time so timing reveals nothing of a key.</summary>
public sealed class ApiKeyDirectory(IEnumerable<ApiKeySettings> keys)
{
    private readonly List<(byte[] Key, Caller Caller)> _keys = [.. keys
        .Where(k => !string.IsNullOrEmpty(k.Key))
        .Select(k => (Encoding.UTF8.GetBytes(k.Key), new Caller(string.IsNullOrEmpty(k.Tenant) ? null : k.Tenant, "key:" + Fingerprint(k.Key))))];

    /// <summary>The caller a key stands for, or null when the key is unknown.</summary>
    public Caller? Find(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        Caller? found = null;
        foreach (var (key, caller) in _keys)
            if (CryptographicOperations.FixedTimeEquals(key, bytes)) found = caller;
        return found;
    }

    private static string Fingerprint(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];
}
