using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CircuitBreaker.Runtime.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task Generic_host_starts_the_silo_and_stop_deactivates_every_activation()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TestProbe>();
        builder.Services.AddSilo(b => b.AddGrainAssemblyOf<TestProbe>().Configure(o => o.DefaultCallTimeout = TimeSpan.FromSeconds(5)));
        using var host = builder.Build();
        await host.StartAsync();
        var factory = host.Services.GetRequiredService<IGrainFactory>();
        await factory.GetGrain<ILifecycleGrain>("h1").Id();
        await factory.GetGrain<ILifecycleGrain>("h2").Id();
        await host.StopAsync();
        var probe = host.Services.GetRequiredService<TestProbe>();
        Assert.Contains("deactivate:h1:ShuttingDown", probe.Events);
        Assert.Contains("deactivate:h2:ShuttingDown", probe.Events);
        Assert.Equal(0, host.Services.GetRequiredService<SiloRuntime>().ActivationCount);
        Assert.Equal(TimeSpan.FromSeconds(5), host.Services.GetRequiredService<SiloRuntime>().Options.DefaultCallTimeout);
    }
}
