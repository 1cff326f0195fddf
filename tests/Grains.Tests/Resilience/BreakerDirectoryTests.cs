using CircuitBreaker.Grains.Resilience;
using CircuitBreaker.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CircuitBreaker.Grains.Tests.Resilience;

public sealed class BreakerDirectoryTests
{
    private static BreakerDirectory Directory(ResilienceSilo silo) =>
        new(silo.Host.Services.GetRequiredService<IStateStore>(), silo.Grains);

    [Fact]
    public async Task Stored_breakers_are_listed_newest_first_filtered_by_state_and_survive_a_restart()
    {
        await using var silo = await ResilienceSilo.StartAsync(StorageProvider.Sqlite);
        await silo.Grains.GetGrain<ICircuitBreakerGrain>("svc:a").Configure(new BreakerSettings());
        await silo.Grains.GetGrain<ICircuitBreakerGrain>("svc:b").Configure(new BreakerSettings());
        var c = silo.Grains.GetGrain<ICircuitBreakerGrain>("svc:c");
        await c.Configure(new BreakerSettings { SlidingWindowSize = 2, MinimumNumberOfCalls = 2 });
        await c.Record(BreakerOutcome.Failure, 1);
        await c.Record(BreakerOutcome.Failure, 1);
        // Only asked about: no stored row, so not a known breaker.
        Assert.Equal("CLOSED", (await silo.Grains.GetGrain<ICircuitBreakerGrain>("svc:ghost").GetState()).State);

        var all = await Directory(silo).ListAsync();
        Assert.Equal(["svc:c", "svc:b", "svc:a"], all.Items.Select(v => v.Id));
        var open = await Directory(silo).ListAsync("OPEN");
        Assert.Equal("svc:c", Assert.Single(open.Items).Id);
        Assert.Equal("OPEN", open.Items[0].State);

        var firstPage = await Directory(silo).ListAsync(first: 2);
        Assert.True(firstPage.HasNextPage);
        var secondPage = await Directory(silo).ListAsync(first: 2, after: firstPage.EndCursor);
        Assert.Equal("svc:a", Assert.Single(secondPage.Items).Id);

        await c.Reset();
        Assert.Empty((await Directory(silo).ListAsync("OPEN")).Items);

        await silo.RestartAsync();
        var afterRestart = await Directory(silo).ListAsync("CLOSED");
        Assert.Equal(["svc:c", "svc:b", "svc:a"], afterRestart.Items.Select(v => v.Id));
    }
}
