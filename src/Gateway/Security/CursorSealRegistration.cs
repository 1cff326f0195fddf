using CircuitBreaker.Grains.Workflow;
using Microsoft.AspNetCore.DataProtection;

namespace CircuitBreaker.Gateway.Security;

/// <summary>Registers <see cref="DataProtectionCursorSeal"/> and its key ring.</summary>
public static class CursorSealRegistration
{
    /// <summary>
    /// Adds Data Protection and the cursor seal. <c>Gateway:DataProtection:KeysDirectory</c> names where the key ring lives;
    /// gateways of one cluster must share it (a shared volume) so a cursor from one opens on another. Unset: ASP.NET Core's
    /// default (<c>~/.aspnet/DataProtection-Keys</c>), enough for one gateway, and cursors survive its restarts.
    /// </summary>
    public static IServiceCollection AddCursorSeal(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var protection = services.AddDataProtection().SetApplicationName("CircuitBreaker");
        if (configuration["Gateway:DataProtection:KeysDirectory"] is { Length: > 0 } directory)
            protection.PersistKeysToFileSystem(new DirectoryInfo(directory));
        services.AddSingleton<ICursorSeal, DataProtectionCursorSeal>();
        return services;
    }
}
