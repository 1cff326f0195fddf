using System.Net;
using CircuitBreaker.TestSupport;
using Xunit;

namespace CircuitBreaker.Silo.Tests;

/// <summary>The silo executable serves Prometheus text at <c>/metrics</c> on its <c>--urls</c>, beside <c>/health</c>.</summary>
public sealed class SiloMetricsTests
{
    [Fact]
    public async Task The_silo_serves_orleans_and_runtime_metrics_at_metrics()
    {
        var directory = TempDirectory.Create("cb-silo-metrics");
        try
        {
            await using var silo = HostProcess.Start("CircuitBreaker.Silo.dll", ["--Storage:DataDirectory", directory]);
            await silo.WaitForStatusAsync("/ready", HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            using var response = await silo.Client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var scrape = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains(scrape.Samples, s => s.Name.StartsWith("orleans_", StringComparison.Ordinal));
            Assert.Contains(scrape.Samples, s => s.Name.StartsWith("dotnet_", StringComparison.Ordinal));
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }
}
