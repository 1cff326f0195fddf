using CircuitBreaker.Llm.Catalog;
using CircuitBreaker.Llm.Gates;
using CircuitBreaker.Llm.Routing;

namespace CircuitBreaker.Llm.Tests;

public sealed class GateKeysTests
{
    private static readonly Candidate Candidate = new(new ModelEntry { Provider = "openai", Model = "gpt-4.1" }, new ProviderEntry { Id = "openai" });

    [Fact]
    public void A_provider_scope_shares_one_breaker_across_models() => Assert.Equal("openai", GateKeys.Of(BreakerScope.Provider, Candidate));

    [Fact]
    public void A_model_scope_gives_each_model_its_breaker() => Assert.Equal("openai:gpt-4.1", GateKeys.Of(BreakerScope.Model, Candidate));
}
