using System.Net;

namespace CircuitBreaker.TestSupport;

/// <summary>The real gateway executable started as a child process on a free loopback port.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private const string Dll = "CircuitBreaker.Gateway.dll";
    private readonly HostProcess _host;

    private GatewayProcess(HostProcess host) => _host = host;

    /// <summary>Where the gateway listens.</summary>
    public Uri BaseAddress => _host.BaseAddress;

    /// <summary>A client for <see cref="BaseAddress"/>.</summary>
    public HttpClient Client => _host.Client;

    /// <summary>What the process printed so far (for assertion messages).</summary>
    public string Output => _host.Output;

    /// <summary>Starts the gateway with extra configuration arguments and waits until <c>/ready</c> answers 200 (storage open, examples loaded).</summary>
    public static async Task<GatewayProcess> StartAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var gateway = new GatewayProcess(HostProcess.Start(Dll, arguments, environment));
        // Ready, not just alive: the examples load in the background and tests use them.
        await gateway._host.WaitForStatusAsync("/ready", HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        return gateway;
    }

    /// <summary>Starts the gateway and waits for it to exit by itself (for start-up failures).</summary>
    public static Task<(int ExitCode, string Output)> RunToExitAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment, TimeSpan limit) =>
        HostProcess.RunToExitAsync(Dll, HostProcess.FreePort(), arguments, limit, environment);

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public Task KillAsync() => _host.KillAsync();

    /// <summary>Stops the process with SIGTERM and returns its exit code (see <see cref="HostProcess.TerminateAsync"/>).</summary>
    public Task<int> TerminateAsync(TimeSpan limit) => _host.TerminateAsync(limit);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
