using System.Net;
using System.Net.Sockets;
using CircuitBreaker.TestSupport;
using Npgsql;
using Xunit;

namespace CircuitBreaker.Silo.Tests;

/// <summary>The silo executable as an operator runs it: configuration, health, readiness and a graceful stop.</summary>
public sealed class SiloProcessTests
{
    private static async Task<HostProcess> StartSiloAsync(string[] arguments, IDictionary<string, string>? environment = null)
    {
        var silo = HostProcess.Start("CircuitBreaker.Silo.dll", arguments, environment);
        await silo.WaitForStatusAsync("/health", HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        return silo;
    }

    [Fact]
    public async Task Silo_starts_on_sqlite_in_its_data_directory_reports_ready_and_stops_cleanly_on_sigterm()
    {
        var directory = TempDirectory.Create("cb-silo-process");
        try
        {
            await using var silo = await StartSiloAsync(["--Storage:DataDirectory", directory]);
            Assert.Contains("ready", await silo.WaitForStatusAsync("/ready", HttpStatusCode.OK, TimeSpan.FromSeconds(60)));
            Assert.True(File.Exists(Path.Combine(directory, "circuit-breaker.db")), "the SQLite file is in Storage:DataDirectory");
            var exitCode = await silo.TerminateAsync(TimeSpan.FromSeconds(30));
            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{silo.Output}");
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }

    [PostgreSqlFact]
    public async Task Ready_answers_storage_unavailable_while_the_database_is_unreachable_and_recovers()
    {
        var real = new NpgsqlConnectionStringBuilder(PostgreSqlTestDatabase.RequireConnectionString());
        var addresses = await Dns.GetHostAddressesAsync(real.Host!);
        var target = new IPEndPoint(addresses.First(a => a.AddressFamily == AddressFamily.InterNetwork), real.Port);
        await using var relay = new TcpRelay(target, HostProcess.FreePort());
        relay.Start();
        var viaRelay = new NpgsqlConnectionStringBuilder(real.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Timeout = 2 };
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "PostgreSql",
            ["Storage__ConnectionString"] = viaRelay.ConnectionString,
            ["Storage__ServiceId"] = "silo-ready-" + Guid.NewGuid().ToString("N"),
        };
        await using var silo = await StartSiloAsync([], environment);
        await silo.WaitForStatusAsync("/ready", HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        await relay.StopAsync();
        var body = await silo.WaitForStatusAsync("/ready", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
        Assert.Contains("STORAGE_UNAVAILABLE", body);
        Assert.Equal(HttpStatusCode.OK, (await silo.Client.GetAsync("/health")).StatusCode); // alive all the same

        relay.Start();
        await silo.WaitForStatusAsync("/ready", HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        Assert.Equal(0, await silo.TerminateAsync(TimeSpan.FromSeconds(30)));
    }
}
