using CircuitBreaker.Gateway.Security;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Units;

/// <summary>The failed-authentication window per client address.</summary>
public sealed class FailedAuthenticationThrottleTests
{
    [Fact]
    public void An_address_may_fail_the_allowed_number_of_times_then_waits_for_the_window()
    {
        using var throttle = new FailedAuthenticationThrottle(3, TimeSpan.FromMinutes(1));
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(throttle.RetryAfter("10.0.0.1"));
            throttle.RecordFailure("10.0.0.1");
        }
        var wait = throttle.RetryAfter("10.0.0.1");
        Assert.NotNull(wait);
        Assert.InRange(wait!.Value, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(1));
        // Asking does not count: the state stays the same, and more failures change nothing.
        throttle.RecordFailure("10.0.0.1");
        Assert.NotNull(throttle.RetryAfter("10.0.0.1"));
    }

    [Fact]
    public void Addresses_are_counted_apart()
    {
        using var throttle = new FailedAuthenticationThrottle(1, TimeSpan.FromMinutes(1));
        throttle.RecordFailure("10.0.0.1");
        Assert.NotNull(throttle.RetryAfter("10.0.0.1"));
        Assert.Null(throttle.RetryAfter("10.0.0.2"));
        Assert.Null(throttle.RetryAfter("::1"));
    }

    [Fact]
    public void Checking_alone_never_throttles()
    {
        using var throttle = new FailedAuthenticationThrottle(2, TimeSpan.FromMinutes(1));
        for (var i = 0; i < 100; i++) Assert.Null(throttle.RetryAfter("10.0.0.1"));
    }
}
