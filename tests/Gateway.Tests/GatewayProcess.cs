using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CircuitBreaker.Gateway.Tests;

/// <summary>The real gateway executable started as a child process on a free loopback port.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatewayProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Where the gateway listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for <see cref="BaseAddress"/>.</summary>
    public HttpClient Client { get; }

    /// <summary>What the process printed so far (for assertion messages).</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts the gateway with extra configuration arguments and waits until <c>/ready</c> answers 200 (storage open, examples loaded).</summary>
    public static async Task<GatewayProcess> StartAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var process = Process.Start(StartInfo(port, arguments, environment)) ?? throw new InvalidOperationException("could not start the gateway");
        var gateway = new GatewayProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => gateway.Append(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await gateway.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return gateway;
    }

    /// <summary>Starts the gateway and waits for it to exit by itself (for start-up failures).</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment, TimeSpan limit)
    {
        var info = StartInfo(FreePort(), arguments, environment);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the gateway");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gateway still running after {limit}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// Asks the process to stop (SIGTERM, as Kubernetes or Ctrl+C would) and waits for it to exit; returns its exit
    /// code. A process still running after <paramref name="limit"/> is killed and the call throws.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan limit)
    {
        if (!_process.HasExited && SendSignal(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill(SIGTERM) failed for process {_process.Id}");
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"gateway still running {limit} after SIGTERM:\n{Output}");
        }
        return _process.ExitCode;
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private static ProcessStartInfo StartInfo(int port, IEnumerable<string> arguments, IDictionary<string, string>? environment)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "CircuitBreaker.Gateway.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        return info;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"gateway exited with {_process.ExitCode}:\n{Output}");
            try
            {
                // Ready, not just alive: the examples load in the background and tests use them.
                using var response = await Client.GetAsync("/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"gateway not ready after {limit}:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await KillAsync();
        _process.Dispose();
    }
}
