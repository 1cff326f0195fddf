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

    /// <summary>How many failed authentications a client address may make per minute before it is made to wait.</summary>
    public FailedAuthenticationSettings FailedAuthentication { get; set; } = new();

    /// <summary>Who may read <c>/metrics</c> (<c>Gateway:Metrics:RequireCredentials</c>).</summary>
    public MetricsSettings Metrics { get; set; } = new();

    /// <summary>Limits on GraphQL documents (depth, complexity, aliases, tokens, introspection).</summary>
    public GraphQLLimitSettings GraphQL { get; set; } = new();

    /// <summary>
    /// What one workflow analysis may spend (<c>Gateway:Analysis:MaxStates</c>, <c>MaxMemoryBytes</c>, <c>Deadline</c>);
    /// a run that reaches a budget answers with what it found and <c>complete: false</c>.
    /// </summary>
    public CircuitBreaker.Workflow.Analysis.Exploration.AnalysisBudget Analysis { get; set; } = new();

    /// <summary>Size limits of definitions (<c>Gateway:Definitions:MaxPlaces</c>, <c>MaxTransitions</c>, <c>MaxArcs</c>); larger ones get 413 <c>DEFINITION_TOO_LARGE</c>.</summary>
    public CircuitBreaker.Workflow.Validation.DefinitionLimits Definitions { get; set; } = new();

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

/// <summary>Throttling of failed authentication per client address.</summary>
public sealed class FailedAuthenticationSettings
{
    /// <summary>
    /// Failed authentications (a wrong or expired key or JWT) allowed per client address and minute; past them every request from
    /// the address gets 429 <c>AUTHENTICATION_THROTTLED</c> with Retry-After until the minute ends. Default 30; 0 turns it off.
    /// </summary>
    public int PerMinute { get; set; } = 30;
}

/// <summary>
/// Limits on GraphQL documents, checked before execution (errors with code <c>GRAPHQL_LIMIT_EXCEEDED</c>). Zero or a negative
/// value turns a limit off. The defaults are the engine's, except the complexity (page sizes count; see docs/SECURITY.md).
/// </summary>
public sealed class GraphQLLimitSettings
{
    /// <summary>Deepest selection nesting. Default 15.</summary>
    public int MaxDepth { get; set; } = 15;
    /// <summary>
    /// Largest query complexity: each field costs 1 plus its selection's cost times its page size (<c>first</c>/<c>last</c>/<c>limit</c>,
    /// else the argument's default), so roughly the number of values a query can return. Default 25,000: one page of 1,000 tokens
    /// with 20 fields fits, 99 such pages do not.
    /// </summary>
    public int MaxComplexity { get; set; } = 25_000;
    /// <summary>Most aliased fields in one document. Default 100.</summary>
    public int MaxAliases { get; set; } = 100;
    /// <summary>Most lexical tokens in one document. Default 10,000.</summary>
    public int MaxTokens { get; set; } = 10_000;
    /// <summary>Whether <c>__schema</c> / <c>__type</c> may be queried (GraphiQL needs it). Default true.</summary>
    public bool AllowIntrospection { get; set; } = true;

    /// <summary>The engine's validation options for these settings.</summary>
    public CircuitBreaker.GraphQL.Validation.ValidationOptions ToValidationOptions() => new()
    {
        MaxDepth = MaxDepth,
        MaxComplexity = MaxComplexity,
        MaxAliases = MaxAliases,
        MaxTokens = MaxTokens,
        AllowIntrospection = AllowIntrospection,
    };
}

/// <summary><c>Gateway:Metrics</c>.</summary>
public sealed class MetricsSettings
{
    /// <summary>
    /// When credentials are configured, <c>/metrics</c> needs an administrator key (one without tenant): the metrics name
    /// every tenant's workflows. <c>false</c> leaves it open like <c>/health</c>, for scrapers inside a network the
    /// gateway's port is not reachable from outside of.
    /// </summary>
    public bool RequireCredentials { get; set; } = true;
}
