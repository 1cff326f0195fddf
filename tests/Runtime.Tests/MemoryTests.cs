namespace CircuitBreaker.Runtime.Tests;

[CollectionDefinition("Serial", DisableParallelization = true)]
public sealed class SerialCollection;

[Collection("Serial")]
public sealed class MemoryTests
{
    [Fact]
    public async Task An_idle_activation_costs_under_one_kilobyte()
    {
        await using var silo = await TestSilo.StartAsync();
        const int count = 5000;
        var grains = Enumerable.Range(0, count).Select(i => silo.GrainFactory.GetGrain<IMiscGrain>($"m{i}")).ToArray();
        await grains[0].Add(0, 0); // warm up type caches
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await Task.WhenAll(grains.Skip(1).Select(g => g.Add(1, 1)));
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(count, silo.Runtime.ActivationCount);
        var perActivation = (after - before) / (double)(count - 1);
        Assert.True(perActivation < 1024, $"{perActivation:0} bytes per idle activation");
        GC.KeepAlive(grains);
    }
}
