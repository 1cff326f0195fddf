using System.Net;
using System.Text.Json;
using CircuitBreaker.TestSupport;
using Xunit;

namespace CircuitBreaker.Gateway.Tests;

/// <summary>The gateway executable honours --urls, co-hosts a silo on the configured storage and reports health.</summary>
public sealed class HostTests
{
    [Fact]
    public async Task Embedded_gateway_on_sqlite_is_alive_and_ready_and_creates_its_database_file()
    {
        var dataDirectory = TempDirectory.Create("cb-gateway-tests");
        try
        {
            await using var gateway = await GatewayProcess.StartAsync(["--Storage:DataDirectory", dataDirectory]);
            using var ready = await gateway.Client.GetAsync("/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.True(File.Exists(Path.Combine(dataDirectory, "circuit-breaker.db")), gateway.Output);
        }
        finally
        {
            TempDirectory.TryDelete(dataDirectory);
        }
    }

    [Fact]
    public async Task A_silo_port_already_taken_is_one_clear_line_and_exit_code_2()
    {
        var dataDirectory = TempDirectory.Create("cb-gateway-port");
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        try
        {
            var (exitCode, output) = await GatewayProcess.RunToExitAsync(["--Storage:DataDirectory", dataDirectory, "--Silo:SiloPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                null, TimeSpan.FromSeconds(60));
            Assert.Equal(2, exitCode);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal($"error [PORT_IN_USE]: port {port} (Silo:SiloPort) is already in use by another process; stop it or pass --Silo:SiloPort <free port>", Assert.Single(lines));

            // The HTTP port too, before the silo starts.
            var http = await HostProcess.RunToExitAsync("CircuitBreaker.Gateway.dll", port, ["--Storage:DataDirectory", dataDirectory], TimeSpan.FromSeconds(60));
            Assert.Equal(2, http.ExitCode);
            Assert.Equal($"error [PORT_IN_USE]: port {port} (urls) is already in use by another process; stop it or pass --urls http://localhost:<free port>",
                Assert.Single(http.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        }
        finally
        {
            TempDirectory.TryDelete(dataDirectory);
        }
    }

    [Fact]
    public async Task A_second_process_on_the_same_sqlite_folder_is_refused_with_a_clear_error()
    {
        var dataDirectory = TempDirectory.Create("cb-gateway-lock");
        try
        {
            await using var first = await GatewayProcess.StartAsync(["--Storage:DataDirectory", dataDirectory]);
            var (exitCode, output) = await GatewayProcess.RunToExitAsync(["--Storage:DataDirectory", dataDirectory], null, TimeSpan.FromSeconds(60));
            Assert.Equal(2, exitCode);
            Assert.Contains("error [STORAGE_LOCKED]: another process has the SQLite database", output);
            // The first one is unharmed.
            Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync("/ready")).StatusCode);
        }
        finally
        {
            TempDirectory.TryDelete(dataDirectory);
        }
    }

    [PostgreSqlFact]
    public async Task Gateway_on_postgresql_configured_by_environment_is_ready()
    {
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "PostgreSql",
            ["Storage__ConnectionString"] = PostgreSqlTestDatabase.RequireConnectionString(),
            ["Storage__ServiceId"] = "gateway-test-" + Guid.NewGuid().ToString("N"),
        };
        await using var gateway = await GatewayProcess.StartAsync([], environment);
        using var ready = await gateway.Client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Gateway_fails_fast_with_a_clear_message_when_the_database_is_unreachable()
    {
        // A port nobody listens on: starting must stop with an error naming the storage, not hang or half-start.
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "PostgreSql",
            ["Storage__ConnectionString"] = "Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=2",
        };
        var (exitCode, output) = await GatewayProcess.RunToExitAsync([], environment, TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("storage", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("127.0.0.1", output);
    }
}
