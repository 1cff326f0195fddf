using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CircuitBreaker.Llm.Tests.Clients;

/// <summary>The real gateway executable (copied next to these tests) as a child process on a free loopback port.</summary>
public sealed class GatewayLauncher : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatewayLauncher(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>Where it listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Everything it printed.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts it with configuration arguments and waits for <c>/health</c>.</summary>
    public static async Task<GatewayLauncher> StartAsync(IEnumerable<string> arguments)
    {
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CircuitBreaker.Gateway.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("gateway did not start");
        var gateway = new GatewayLauncher(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gateway._output) gateway._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gateway._output) gateway._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"gateway exited with {process.ExitCode}:\n{gateway.Output}");
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode) return gateway;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        await gateway.DisposeAsync();
        throw new TimeoutException("gateway not healthy after 60 s:\n" + gateway.Output);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
