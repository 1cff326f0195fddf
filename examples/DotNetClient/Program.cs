// Another .NET service calling Circuit Breaker's grains through the Orleans client: creates a workflow (once), a token,
// fires a transition and prints the token's history.
// Usage:
//   dotnet run --project examples/DotNetClient -- --gateway-port 30000                 (the embedded run)
//   dotnet run --project examples/DotNetClient -- --postgres "Host=...;Username=...;..." (a PostgreSQL cluster)
//   options: --cluster-id ID --service-id ID (both default to circuit-breaker)
using CircuitBreaker.Grains.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

string? postgres = null;
var gatewayPort = 30000;
var clusterId = "circuit-breaker";
var serviceId = "circuit-breaker";
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--postgres": postgres = Next(); break;
        case "--gateway-port": gatewayPort = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--cluster-id": clusterId = Next(); break;
        case "--service-id": serviceId = Next(); break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}; see the comment at the top of Program.cs");
            return 2;
    }
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleansClient(client =>
{
    if (postgres is null)
        client.UseLocalhostClustering(gatewayPort, serviceId, clusterId);
    else
    {
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
        client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", postgres));
    }
});
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IClusterClient>();

const string WorkflowId = "dotnet_client_review";
var workflow = grains.GetGrain<IWorkflowGrain>(WorkflowId);
if (await workflow.Get() is null)
{
    await workflow.Create("""
        { "name": "Review from .NET", "states": ["draft", "review", "done"],
          "transitions": [ { "id": "submit", "fromStates": ["draft"], "toState": "review" },
                           { "id": "approve", "fromStates": ["review"], "toState": "done" } ],
          "initialState": "draft", "finalStates": ["done"] }
        """);
}

var tokenId = "dotnet-" + Guid.NewGuid().ToString("N")[..8];
var token = grains.GetGrain<ITokenGrain>(tokenId);
var created = await token.Create(new CreateTokenRequest(WorkflowId) { DataJson = """{"title":"from .NET"}""" });
Console.WriteLine($"created token {created.Id} in {created.State}");
var fired = await token.Fire(new FireTransitionRequest("submit") { Actor = "dotnet-client", IdempotencyKey = tokenId + "-submit" });
Console.WriteLine($"fired submit: {fired.Entry.FromState} -> {fired.Entry.ToState}, version {fired.Token.Version}");
try
{
    await token.Fire(new FireTransitionRequest("submit"));
}
catch (WorkflowException ex)
{
    // Domain errors arrive as the same exception type with their code.
    Console.WriteLine($"firing submit again: {ex.Code}");
}
var history = await token.History();
Console.WriteLine($"history ({history.TotalCount} entries):");
foreach (var entry in history.Entries)
    Console.WriteLine($"  {entry.Sequence}: {entry.TransitionId} {entry.FromState} -> {entry.ToState} by {entry.Actor}");
await host.StopAsync();
return 0;
