using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CircuitBreaker.LlmBench;

// Router overhead: latency of POST /v1/chat/completions through the gateway minus calling the stand-in directly,
// both at the same fixed (open-loop) rate, interleaved so that both see the same machine load.
var rate = Arg("--rate", 100);
var seconds = Arg("--seconds", 20);
var warmup = Arg("--warmup", 3);

var (standIn, standInUrl) = await StandInServer.StartAsync();
int port;
using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
var data = Directory.CreateTempSubdirectory("llmbench-").FullName;
var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
foreach (var a in new[]
{
    Path.Combine(AppContext.BaseDirectory, "CircuitBreaker.Gateway.dll"), "--urls", $"http://127.0.0.1:{port}",
    "--Storage:DataDirectory", data, "--Logging:LogLevel:Default", "Warning",
    "--Llm:Providers:bench:Adapter", "openai", "--Llm:Providers:bench:BaseUrl", standInUrl + "/v1", "--Llm:Providers:bench:Auth", "none",
    "--Llm:Models:0:Provider", "bench", "--Llm:Models:0:Model", "m1", "--Llm:Models:0:InputPerMTok", "1", "--Llm:Models:0:OutputPerMTok", "2",
    "--Llm:Models:0:Capabilities:0", "chat",
})
    info.ArgumentList.Add(a);
using var gateway = Process.Start(info)!;
gateway.OutputDataReceived += (_, _) => { };
gateway.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("gateway: " + e.Data); };
gateway.BeginOutputReadLine();
gateway.BeginErrorReadLine();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 });
var gatewayUrl = $"http://127.0.0.1:{port}";
for (var deadline = DateTime.UtcNow.AddSeconds(60); ;)
{
    try { if ((await http.GetAsync(gatewayUrl + "/health")).IsSuccessStatusCode) break; }
    catch (HttpRequestException) { if (DateTime.UtcNow > deadline) throw; }
    await Task.Delay(200);
}

const string Body = """{"model":"bench/m1","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16}""";
async Task<double> Call(string url)
{
    var started = Stopwatch.GetTimestamp();
    using var response = await http.PostAsync(url, new StringContent(Body, Encoding.UTF8, "application/json"));
    await response.Content.ReadAsByteArrayAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url}: {(int)response.StatusCode}");
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

async Task<(List<double> Direct, List<double> Routed)> Run(int durationSeconds)
{
    var direct = new List<double>();
    var routed = new List<double>();
    var tasks = new List<Task>();
    var interval = TimeSpan.FromSeconds(1.0 / rate);
    var start = Stopwatch.GetTimestamp();
    var total = rate * durationSeconds;
    for (var i = 0; i < total; i++)
    {
        var due = interval * i;
        var wait = due - Stopwatch.GetElapsedTime(start);
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        var viaGateway = i % 2 == 1;
        tasks.Add(Task.Run(async () =>
        {
            var ms = await Call(viaGateway ? gatewayUrl + "/v1/chat/completions" : standInUrl + "/v1/chat/completions");
            lock (direct) (viaGateway ? routed : direct).Add(ms);
        }));
    }
    await Task.WhenAll(tasks);
    return (direct, routed);
}

await Run(warmup);
var (d, r) = await Run(seconds);
static double P(List<double> xs, double q)
{
    var s = xs.Order().ToList();
    return s[Math.Clamp((int)Math.Ceiling(q * s.Count) - 1, 0, s.Count - 1)];
}
string F(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
Console.WriteLine($"rate {rate}/s total (half direct, half routed), {seconds} s, warm-up {warmup} s; {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
Console.WriteLine($"direct  n={d.Count} p50={F(P(d, 0.5))} ms p99={F(P(d, 0.99))} ms");
Console.WriteLine($"routed  n={r.Count} p50={F(P(r, 0.5))} ms p99={F(P(r, 0.99))} ms");
Console.WriteLine($"overhead p50={F(P(r, 0.5) - P(d, 0.5))} ms p99={F(P(r, 0.99) - P(d, 0.99))} ms (target p50 < 1 ms)");

gateway.Kill(entireProcessTree: true);
await gateway.WaitForExitAsync();
await standIn.StopAsync();
try { Directory.Delete(data, recursive: true); } catch (IOException) { }

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}
