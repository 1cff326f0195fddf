using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CircuitBreaker.GraphQL.Tests.Conformance;

/// <summary>Runs a script of tests/GraphQL.Tests/js with node, JSON in on stdin and JSON out on stdout.</summary>
public static class NodePeer
{
    public static async Task<JsonNode> RunAsync(string script, JsonNode input, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("node", script)
        {
            WorkingDirectory = RepoPaths.JsPeers, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.StandardInput.WriteAsync(input.ToJsonString());
        p.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        await p.WaitForExitAsync(cts.Token);
        if (p.ExitCode != 0) throw new InvalidOperationException($"node {script} failed: {await stderr}");
        return JsonNode.Parse(await stdout)!;
    }
}
