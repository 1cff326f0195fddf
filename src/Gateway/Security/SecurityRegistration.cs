using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using CircuitBreaker.Gateway.Api;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace CircuitBreaker.Gateway.Security;

/// <summary>
/// Registers credentials (API keys, HS256 JWTs), the throttling of failed authentication per client address, the request body
/// limit and per-caller rate limiting.
/// </summary>
public static class SecurityRegistration
{
    /// <summary>Adds the services; configuration comes from <see cref="GatewaySettings"/>.</summary>
    public static WebApplicationBuilder AddGatewaySecurity(this WebApplicationBuilder builder, GatewaySettings settings)
    {
        builder.Services.AddSingleton(new ApiKeyDirectory(settings.ApiKeys));
        if (settings.FailedAuthentication.PerMinute > 0)
            builder.Services.AddSingleton(new FailedAuthenticationThrottle(settings.FailedAuthentication.PerMinute, TimeSpan.FromMinutes(1)));
        builder.Services.AddSingleton<CredentialsMiddleware>(sp =>
            new(settings, sp.GetRequiredService<ApiKeyDirectory>(), sp.GetService<FailedAuthenticationThrottle>()));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes);

        var authentication = builder.Services.AddAuthentication();
        if (settings.Jwt.Enabled)
        {
            authentication.AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.Jwt.SigningKey!)),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ValidateIssuer = !string.IsNullOrEmpty(settings.Jwt.Issuer),
                    ValidIssuer = settings.Jwt.Issuer,
                    ValidateAudience = !string.IsNullOrEmpty(settings.Jwt.Audience),
                    ValidAudience = settings.Jwt.Audience,
                    ValidateLifetime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
        }

        if (settings.RateLimit.PermitsPerSecond > 0)
        {
            var permits = settings.RateLimit.PermitsPerSecond;
            var burst = Math.Max(1, settings.RateLimit.Burst ?? permits);
            builder.Services.AddRateLimiter(o =>
            {
                o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                    CredentialsMiddleware.IsProtected(http.Request.Path)
                        ? RateLimitPartition.GetTokenBucketLimiter(Caller.Of(http).Identity, _ => new TokenBucketRateLimiterOptions
                        {
                            TokenLimit = burst,
                            TokensPerPeriod = permits,
                            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                            QueueLimit = 0,
                            AutoReplenishment = true,
                        })
                        : RateLimitPartition.GetNoLimiter("unlimited"));
                o.OnRejected = async (context, ct) =>
                {
                    var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                    var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                    context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    await ProblemResponses.WriteAsync(context.HttpContext, 429, "RATE_LIMITED",
                        $"rate limit of {permits} requests per second exceeded; retry after {seconds} s");
                };
            });
        }
        return builder;
    }

    /// <summary>Adds the middleware in order: problems, credentials, then rate limiting (so it partitions by caller).</summary>
    public static WebApplication UseGatewaySecurity(this WebApplication app, GatewaySettings settings)
    {
        app.Use(ProblemResponses.Middleware);
        var credentials = app.Services.GetRequiredService<CredentialsMiddleware>();
        app.Use(credentials.InvokeAsync);
        if (settings.RateLimit.PermitsPerSecond > 0) app.UseRateLimiter();
        return app;
    }
}
