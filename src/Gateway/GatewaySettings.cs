namespace CircuitBreaker.Gateway;

/// <summary>The <c>Gateway:*</c> configuration section.</summary>
public sealed class GatewaySettings
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Gateway";

    /// <summary>Load the example workflows at start (existing ones are kept as they are).</summary>
    public bool LoadExamples { get; set; } = true;

    /// <summary>Where the example workflows are; by default <c>examples/workflows</c> next to the binary or above the working directory.</summary>
    public string? ExamplesDirectory { get; set; }

    /// <summary>API keys and their tenants. None (and no JWT) = open access.</summary>
    public List<ApiKeySettings> ApiKeys { get; set; } = [];

    /// <summary>JWT bearer validation; off unless <see cref="JwtSettings.SigningKey"/> is set.</summary>
    public JwtSettings Jwt { get; set; } = new();

    /// <summary>Largest accepted request body (default 1 MiB); larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Per-caller rate limiting; off unless <see cref="RateLimitSettings.PermitsPerSecond"/> is positive.</summary>
    public RateLimitSettings RateLimit { get; set; } = new();

    /// <summary>True when callers must present an API key or a JWT.</summary>
    public bool RequiresCredentials => ApiKeys.Count > 0 || Jwt.Enabled;
}

/// <summary>One API key and the tenant it acts for.</summary>
public sealed class ApiKeySettings
{
    /// <summary>The secret key.</summary>
    public string Key { get; set; } = "";
    /// <summary>The tenant (null = every tenant's things are visible; use only for administration).</summary>
    public string? Tenant { get; set; }
}

/// <summary>HS256 JWT validation settings.</summary>
public sealed class JwtSettings
{
    /// <summary>The shared signing key (UTF-8, at least 32 bytes).</summary>
    public string? SigningKey { get; set; }
    /// <summary>The required <c>iss</c>, if any.</summary>
    public string? Issuer { get; set; }
    /// <summary>The required <c>aud</c>, if any.</summary>
    public string? Audience { get; set; }
    /// <summary>The claim carrying the tenant.</summary>
    public string TenantClaim { get; set; } = "tenant";
    /// <summary>True when JWTs are accepted.</summary>
    public bool Enabled => !string.IsNullOrEmpty(SigningKey);
}

/// <summary>Token-bucket rate limiting per caller (API key, JWT subject or client address).</summary>
public sealed class RateLimitSettings
{
    /// <summary>Requests per second and caller; 0 = off.</summary>
    public int PermitsPerSecond { get; set; }
    /// <summary>Burst size (default: one second's worth).</summary>
    public int? Burst { get; set; }
}
