using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace CircuitBreaker.TestSupport;

/// <summary>
/// One of our host executables (gateway, silo) started as a child process on a free loopback port, with its output
/// captured, a graceful stop (SIGTERM) and a crash (SIGKILL).
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Where the host listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for <see cref="BaseAddress"/>.</summary>
    public HttpClient Client { get; }

    /// <summary>True once the process ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code (valid once <see cref="HasExited"/>).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>What the process printed so far (for assertion messages).</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts <paramref name="dll"/> (next to the test assembly) with <c>--urls</c> on a free port.</summary>
    public static HostProcess Start(string dll, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var process = Process.Start(StartInfo(dll, port, arguments, environment)) ?? throw new InvalidOperationException($"could not start {dll}");
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Starts <paramref name="dll"/> and waits (at most <paramref name="limit"/>) for it to exit by itself; for start-up failures.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string dll, int port, IEnumerable<string> arguments, TimeSpan limit,
        IDictionary<string, string>? environment = null)
    {
        using var process = Process.Start(StartInfo(dll, port, arguments, environment)) ?? throw new InvalidOperationException($"could not start {dll}");
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
            throw new TimeoutException($"{dll} still running after {limit}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The start info of <paramref name="dll"/> on HTTP port <paramref name="port"/> and free silo ports (unless given).</summary>
    public static ProcessStartInfo StartInfo(string dll, int port, IEnumerable<string> arguments, IDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        var list = arguments.ToList();
        foreach (var a in list) info.ArgumentList.Add(a);
        // Each host's silo (or co-hosted silo) on its own free ports, so tests can run hosts side by side.
        foreach (var setting in new[] { "--Silo:SiloPort", "--Silo:GatewayPort" })
        {
            if (list.Any(a => a.StartsWith(setting, StringComparison.OrdinalIgnoreCase))) continue;
            info.ArgumentList.Add($"{setting}={FreePort()}");
        }
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        return info;
    }

    /// <summary>Polls <paramref name="path"/> until it answers <paramref name="status"/>; returns the body.</summary>
    public async Task<string> WaitForStatusAsync(string path, HttpStatusCode status, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var last = "(no answer)";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"process exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await Client.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                last = $"{(int)response.StatusCode} {body}";
                if (response.StatusCode == status) return body;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{path} did not answer {(int)status} within {limit}; last: {last}\n{Output}");
    }

    /// <summary>
    /// Asks the process to stop (SIGTERM, as Kubernetes or Ctrl+C would) and waits for it to exit; returns its exit
    /// code. A process still running after <paramref name="limit"/> is killed and the call throws.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan limit)
    {
        if (!_process.HasExited && Kill(_process.Id, 15) != 0)
            throw new InvalidOperationException($"kill(SIGTERM) failed for process {_process.Id}");
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"process still running {limit} after SIGTERM:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>A free loopback port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await KillAsync();
        _process.Dispose();
    }
}
