using CircuitBreaker.Grains;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Units;

public sealed class TenantKeysTests
{
    [Theory]
    [InlineData("acme", "user:alice", "user:acme/alice")]
    [InlineData("acme", "key:k1", "key:acme/k1")]
    [InlineData("acme", "orders-api", "acme/orders-api")]
    [InlineData(null, "user:alice", "user:alice")]
    public void A_tenant_is_written_after_the_kind_and_read_back(string? tenant, string name, string key)
    {
        Assert.Equal(key, TenantKeys.Of(tenant, name));
        Assert.Equal(name, TenantKeys.NameOf(tenant, key));
    }

    [Fact]
    public void Two_tenants_names_are_two_keys_and_neither_owns_the_other()
    {
        var a = TenantKeys.Of("a", "user:alice");
        var b = TenantKeys.Of("b", "user:alice");
        Assert.NotEqual(a, b);
        Assert.True(TenantKeys.Owns("a", a));
        Assert.False(TenantKeys.Owns("b", a));
        Assert.True(TenantKeys.Owns(null, a));
        // A tenant naming "a/alice" gets its own key, not tenant a's.
        Assert.NotEqual(a, TenantKeys.Of("b", "user:a/alice"));
    }

    [Theory]
    [InlineData("acme", "acme/doc_v1", "doc_v1")]
    [InlineData("acme", "doc:acme/v1", "doc:v1")]
    [InlineData(null, "doc_v1", "doc_v1")]
    [InlineData("acme", "doc_v1", null)]
    [InlineData("acme", "globex/doc_v1", null)]
    public void A_grain_knows_its_name_only_under_its_owners_key(string? tenant, string key, string? name) =>
        Assert.Equal(name, TenantKeys.OwnedName(tenant, key));

    [Fact]
    public void Llm_breakers_are_shared()
    {
        Assert.Equal("llm:openai", TenantKeys.Breaker("acme", "llm:openai"));
        Assert.Equal("acme/payments", TenantKeys.Breaker("acme", "payments"));
        Assert.False(TenantKeys.Owns("acme", "llm:openai"));
    }
}
