using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CircuitBreaker.TestSupport;

/// <summary>Builds HS256 JWTs for the tests (header.payload.signature, base64url).</summary>
public static class TestJwt
{
    /// <summary>A signed token with the given claims.</summary>
    public static string Create(string signingKey, IDictionary<string, object> claims)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "HS256", ["typ"] = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    /// <summary>Seconds since the epoch, offset from now.</summary>
    public static long EpochSeconds(TimeSpan fromNow) => DateTimeOffset.UtcNow.Add(fromNow).ToUnixTimeSeconds();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
