using CircuitBreaker.Gateway.GraphQL.Llm;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Units;

public sealed class ProviderHealthTests
{
    [Theory]
    [InlineData(0, 0, 0.0)]
    [InlineData(3, 6, 0.5)]
    [InlineData(3, 3, 1.0)]
    public void The_error_rate_is_counted_from_the_window(int failed, int buffered, double rate) =>
        Assert.Equal(rate, ProviderHealth.ErrorRate(failed, buffered), 6);

    [Theory]
    [InlineData("CLOSED", true)]
    [InlineData("HALF_OPEN", true)]
    [InlineData("OPEN", false)]
    [InlineData("FORCED_OPEN", false)]
    public void Open_states_do_not_permit(string state, bool permits) => Assert.Equal(permits, ProviderHealth.Permits(state));
}
