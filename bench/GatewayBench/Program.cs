using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

// fireTransition over HTTP GraphQL on the embedded gateway (SQLite) next to a bare Kestrel endpoint, both as
// separate processes measured in one run: closed-loop throughput, open-loop latency at a fixed rate, cold start.
// Usage: dotnet run -c Release --project bench/GatewayBench -- [--seconds 10] [--rate 1000] [--callers 64] [--gateway-dir DIR]
// --gateway-dir runs a published gateway (e.g. the ReadyToRun output of `dotnet publish src/Gateway -r linux-x64`)
// instead of the build copied next to the benchmark.
if (args.Length == 2 && args[0] == "--bare-server")
{
    // The reference point: Kestrel answering a POST with a small JSON body, nothing else.
    var bare = WebApplication.CreateSlimBuilder();
    bare.WebHost.UseUrls($"http://127.0.0.1:{args[1]}");
    bare.Logging.ClearProviders();
    var app = bare.Build();
    app.MapPost("/graphql", () => Results.Text("""{"data":{"fireTransition":{"id":"t","state":"p"}}}""", "application/json"));
    app.MapGet("/health", () => "ok");
    app.Run();
    return 0;
}

var seconds = Arg("--seconds", 10);
var rate = Arg("--rate", 1000);
var callers = Arg("--callers", 64);
var gatewayDir = args.SkipWhile(a => a != "--gateway-dir").Skip(1).FirstOrDefault() ?? AppContext.BaseDirectory;
Console.WriteLine($"GatewayBench on {Environment.ProcessorCount} cores, .NET {Environment.Version}; {seconds} s runs, {callers} callers, {rate} req/s open loop");
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

// Cold start: process launch to the first successful GraphQL answer, and on to /ready (examples loaded), on a
// fresh data folder each time.
var colds = new List<double>();
var readies = new List<double>();
for (var i = 0; i < 5; i++)
{
    var clock = Stopwatch.StartNew();
    using var g = StartGateway(out var url);
    await WaitForGraphQL(url);
    colds.Add(clock.Elapsed.TotalMilliseconds);
    await WaitFor(url + "/ready", pollMs: 5);
    readies.Add(clock.Elapsed.TotalMilliseconds);
    g.Kill(entireProcessTree: true);
    await g.WaitForExitAsync();
}
Console.WriteLine($"gateway from {gatewayDir}");
Console.WriteLine($"cold start to first GraphQL answer: {string.Join(", ", colds.Select(c => $"{c:N0} ms"))} (median {colds.Order().ElementAt(2):N0} ms)");
Console.WriteLine($"cold start to /ready (examples loaded): {string.Join(", ", readies.Select(c => $"{c:N0} ms"))} (median {readies.Order().ElementAt(2):N0} ms)");

using var gateway = StartGateway(out var gatewayUrl);
await WaitForGraphQL(gatewayUrl);
var barePort = FreePort();
using var bareServer = StartProcess("dotnet", [Path.Combine(AppContext.BaseDirectory, "GatewayBench.dll"), "--bare-server", barePort.ToString()]);
var bareUrl = $"http://127.0.0.1:{barePort}";
await WaitFor(bareUrl + "/health");

// A self-loop keeps every fire enabled; one token per caller keeps fires on different grains.
await GraphQL(gatewayUrl, """mutation { createWorkflow(input: {id: "loop", name: "loop", states: ["p"], transitions: [{id: "again", fromStates: ["p"], toState: "p"}], initialState: "p"}) { id } }""");
var tokens = new List<string>();
for (var i = 0; i < Math.Max(callers, 256); i++)
{
    var created = await GraphQL(gatewayUrl, """mutation { createToken(input: {workflowId: "loop", data: {}}) { id } }""");
    tokens.Add((string)created["data"]!["createToken"]!["id"]!);
}
string Fire(long i) => $$"""{"query":"mutation { fireTransition(input: {tokenId: \"{{tokens[(int)(i % tokens.Count)]}}\", transitionId: \"again\"}) { id state } }"}""";

await ClosedLoop(gatewayUrl, 3, Fire); // warm-up
await ClosedLoop(bareUrl, 3, Fire);
var gatewayRate = await ClosedLoop(gatewayUrl, seconds, Fire);
var bareRate = await ClosedLoop(bareUrl, seconds, Fire);
Console.WriteLine($"closed loop, {callers} callers: gateway fireTransition {gatewayRate:N0} req/s, bare Kestrel {bareRate:N0} req/s, ratio {gatewayRate / bareRate:N2}");

foreach (var (name, url) in new[] { ("gateway fireTransition", gatewayUrl), ("bare Kestrel", bareUrl) })
{
    var (p50, p99, errors) = await OpenLoop(url, seconds, rate, Fire);
    Console.WriteLine($"open loop at {rate} req/s, {name}: p50 {p50:N2} ms, p99 {p99:N2} ms, errors {errors}");
}

gateway.Kill(entireProcessTree: true);
bareServer.Kill(entireProcessTree: true);
return 0;

async Task<double> ClosedLoop(string url, int duration, Func<long, string> body)
{
    long done = 0, next = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
    {
        while (clock.Elapsed.TotalSeconds < duration)
        {
            await Post(url, body(Interlocked.Increment(ref next)));
            Interlocked.Increment(ref done);
        }
    })));
    return done / clock.Elapsed.TotalSeconds;
}

async Task<(double P50, double P99, int Errors)> OpenLoop(string url, int duration, int perSecond, Func<long, string> body)
{
    var latencies = new List<double>();
    var errors = 0;
    var running = new List<Task>();
    var clock = Stopwatch.StartNew();
    long sent = 0, total = (long)perSecond * duration;
    while (sent < total)
    {
        // Start every request that is due by now, then sleep a tick: requests go out on schedule, not on replies.
        var due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * perSecond));
        for (; sent < due; sent++)
        {
            var payload = body(sent);
            running.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await Post(url, payload);
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    lock (latencies) latencies.Add(ms);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
            }));
        }
        await Task.Delay(1);
    }
    await Task.WhenAll(running);
    latencies.Sort();
    return (latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], errors);
}

async Task Post(string url, string body)
{
    using var response = await http.PostAsync(url + "/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode || text.Contains("\"errors\"")) throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
}

async Task<JsonNode> GraphQL(string url, string query)
{
    var body = new JsonObject { ["query"] = query }.ToJsonString();
    using var response = await http.PostAsync(url + "/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
    var node = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    if (node["errors"] is not null) throw new InvalidOperationException(node.ToJsonString());
    return node;
}

async Task WaitForGraphQL(string url)
{
    var body = new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "application/json");
    for (var deadline = DateTime.UtcNow.AddSeconds(60); ;)
    {
        try
        {
            using var response = await http.PostAsync(url + "/graphql", body);
            if (response.IsSuccessStatusCode) return;
        }
        catch (HttpRequestException) when (DateTime.UtcNow < deadline)
        {
        }
        await Task.Delay(5);
    }
}

async Task WaitFor(string url, int pollMs = 20)
{
    for (var deadline = DateTime.UtcNow.AddSeconds(30); ;)
    {
        try
        {
            if ((await http.GetAsync(url)).IsSuccessStatusCode) return;
        }
        catch (HttpRequestException) when (DateTime.UtcNow < deadline)
        {
        }
        await Task.Delay(pollMs);
    }
}

Process StartGateway(out string url)
{
    var port = FreePort();
    url = $"http://127.0.0.1:{port}";
    var data = Directory.CreateTempSubdirectory("gatewaybench-").FullName;
    return StartProcess("dotnet", [Path.Combine(gatewayDir, "CircuitBreaker.Gateway.dll"), "--urls", url,
        "--Storage:DataDirectory", data, "--Logging:LogLevel:Default", "Warning"]);
}

static Process StartProcess(string file, string[] arguments)
{
    var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in arguments) info.ArgumentList.Add(a);
    var process = Process.Start(info)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

int Arg(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).DefaultIfEmpty(fallback).First();
