using System.Security.Cryptography;
using CircuitBreaker.Grains.Workflow;
using Microsoft.AspNetCore.DataProtection;

namespace CircuitBreaker.Gateway.Security;

/// <summary>
/// Listing cursors sealed with ASP.NET Core Data Protection (authenticated encryption), one purpose per tenant: a cursor
/// reveals no token id or time, and one tenant's cursor does not open for another. Keys: see <c>Gateway:DataProtection:KeysDirectory</c>.
/// </summary>
public sealed class DataProtectionCursorSeal(IDataProtectionProvider provider) : ICursorSeal
{
    private const string Purpose = "CircuitBreaker.PageCursor.v1";
    private readonly IDataProtector _root = provider.CreateProtector(Purpose);

    /// <inheritdoc />
    public string Seal(string? tenant, string cursor) => For(tenant).Protect(cursor);

    /// <inheritdoc />
    public string Open(string? tenant, string sealedCursor)
    {
        try
        {
            return For(tenant).Unprotect(sealedCursor);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            throw new WorkflowException("INVALID_CURSOR", "'after' is not a cursor this API gave to this caller");
        }
    }

    // Tenant-less callers (administrators, open mode) get their own purpose, never a tenant's.
    private IDataProtector For(string? tenant) => _root.CreateProtector(tenant is null ? "-" : "tenant:" + tenant);
}
