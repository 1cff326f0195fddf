namespace CircuitBreaker.Grains;

/// <summary>
/// Grain keys of the things a tenant owns by name (workflows, tokens, rules, budgets, breakers, cost records): the tenant is written into the key
/// after the scope's kind (<c>user:alice</c> of tenant <c>acme</c> is the grain <c>user:acme/alice</c>; a breaker
/// <c>orders</c> is <c>acme/orders</c>), so two tenants' <c>user:alice</c> are different grains and no tenant can name
/// another's. Callers without a tenant (administrators, open mode) use keys as given, and can so reach any tenant's.
/// Breakers whose id starts with <see cref="SharedBreakerPrefix"/> are the cluster's own (a provider's health):
/// one for everybody, changed by administrators only.
/// </summary>
public static class TenantKeys
{
    /// <summary>Breakers shared by every tenant: the LLM router's provider and model breakers.</summary>
    public const string SharedBreakerPrefix = "llm:";

    /// <summary>The grain key of <paramref name="name"/> as <paramref name="tenant"/> calls it.</summary>
    public static string Of(string? tenant, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (tenant is null) return name;
        var kind = name.IndexOf(':', StringComparison.Ordinal) + 1;
        return string.Concat(name.AsSpan(0, kind), tenant, "/", name.AsSpan(kind));
    }

    /// <summary>The name <paramref name="tenant"/> knows the grain <paramref name="key"/> by (the inverse of <see cref="Of"/>).</summary>
    public static string NameOf(string? tenant, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (tenant is null) return key;
        var kind = key.IndexOf(':', StringComparison.Ordinal) + 1;
        var marker = tenant + "/";
        return key.AsSpan(kind).StartsWith(marker, StringComparison.Ordinal) ? string.Concat(key.AsSpan(0, kind), key.AsSpan(kind + marker.Length)) : key;
    }

    /// <summary>True when <paramref name="tenant"/> owns <paramref name="key"/> (a caller without a tenant owns everything).</summary>
    public static bool Owns(string? tenant, string key) => tenant is null || NameOf(tenant, key) != key;

    /// <summary>
    /// The name the grain <paramref name="key"/> has for <paramref name="tenant"/> when that tenant owns it, else null
    /// (a tenant's grains are only ever created under its own keys; a caller without a tenant names a key as it is).
    /// </summary>
    public static string? OwnedName(string? tenant, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (tenant is null) return key;
        var name = NameOf(tenant, key);
        return name == key ? null : name;
    }

    /// <summary>The grain key of breaker <paramref name="id"/>: shared breakers are not scoped.</summary>
    public static string Breaker(string? tenant, string id) => IsShared(id) ? id : Of(tenant, id);

    /// <summary>True for a cluster-wide breaker (see <see cref="SharedBreakerPrefix"/>).</summary>
    public static bool IsShared(string breakerId) => breakerId.StartsWith(SharedBreakerPrefix, StringComparison.Ordinal);
}
