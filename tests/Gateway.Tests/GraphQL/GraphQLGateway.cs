using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.GraphQL;

/// <summary>One real gateway process shared by the GraphQL test classes, with a small GraphQL-over-HTTP client.</summary>
public sealed class GraphQLGateway : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cb-graphql-" + Guid.NewGuid().ToString("N"));

    /// <summary>The running gateway.</summary>
    public GatewayProcess Process { get; private set; } = null!;

    /// <summary>The endpoint URL.</summary>
    public string Url => new Uri(Process.BaseAddress, "/graphql").ToString();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        Process = await GatewayProcess.StartAsync(["--Storage:DataDirectory", _dataDirectory]);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Process.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>POSTs a query; returns the response document (data and/or errors).</summary>
    public async Task<JsonElement> PostAsync(string query, object? variables = null)
    {
        var body = JsonSerializer.Serialize(new { query, variables });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Process.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"not JSON ({(int)response.StatusCode}): {text}\n{Process.Output}");
        }
    }

    /// <summary>POSTs a query that must succeed; returns <c>data</c>.</summary>
    public async Task<JsonElement> DataAsync(string query, object? variables = null)
    {
        var result = await PostAsync(query, variables);
        Assert.False(result.TryGetProperty("errors", out var errors), $"unexpected errors: {errors}\nquery: {query}");
        return result.GetProperty("data");
    }

    /// <summary>POSTs a query that must fail; returns the first error.</summary>
    public async Task<JsonElement> ErrorAsync(string query, object? variables = null)
    {
        var result = await PostAsync(query, variables);
        Assert.True(result.TryGetProperty("errors", out var errors), $"expected errors, got {result}");
        return errors[0];
    }

    /// <summary>Ensures seed 000's document approval workflow (<c>document_approval_v1</c>) exists (the gateway may preload it).</summary>
    public async Task EnsureDocumentApprovalAsync()
    {
        var data = await DataAsync("""{ workflow(id: "document_approval_v1") { id } }""");
        if (data.GetProperty("workflow").ValueKind != JsonValueKind.Null) return;
        await DataAsync("""
            mutation { createWorkflow(input: {
              id: "document_approval_v1", name: "Document Approval", states: ["draft", "review", "approved", "rejected"]
              transitions: [
                { id: "submit", fromStates: ["draft"], toState: "review" }
                { id: "approve", fromStates: ["review"], toState: "approved" }
                { id: "reject", fromStates: ["review"], toState: "rejected" }
                { id: "revise", fromStates: ["rejected"], toState: "draft" }
              ]
              initialState: "draft" }) { id } }
            """);
    }

    /// <summary>Creates a token of <c>document_approval_v1</c> with a title; returns its id.</summary>
    public async Task<string> NewDocumentTokenAsync()
    {
        await EnsureDocumentApprovalAsync();
        var data = await DataAsync("""mutation { createToken(input: { workflowId: "document_approval_v1", data: { title: "T" } }) { id } }""");
        return data.GetProperty("createToken").GetProperty("id").GetString()!;
    }
}

/// <summary>The test collection sharing one <see cref="GraphQLGateway"/>.</summary>
[CollectionDefinition(Name)]
public sealed class GraphQLGatewayCollection : ICollectionFixture<GraphQLGateway>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "graphql-gateway";
}

/// <summary>Runs scripts of tests/Gateway.Tests/js with node: JSON in on stdin, JSON out on stdout.</summary>
public static class NodeScript
{
    /// <summary>The js folder (with its node_modules, installed by <c>npm ci</c>).</summary>
    public static string Folder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "Gateway.Tests", "js");
                if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
            }
            throw new DirectoryNotFoundException("tests/Gateway.Tests/js not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Runs <paramref name="script"/> with <paramref name="input"/>; fails on a non-zero exit or timeout.</summary>
    public static async Task<JsonNode> RunAsync(string script, JsonNode input, TimeSpan timeout)
    {
        var folder = Folder;
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules")), $"run `npm ci` in {folder} first");
        var psi = new System.Diagnostics.ProcessStartInfo("node", script)
        {
            WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.StandardInput.WriteAsync(input.ToJsonString());
        p.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} still running after {timeout}: {await stderr}");
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"node {script} failed ({p.ExitCode}): {await stderr}");
        return JsonNode.Parse(await stdout)!;
    }
}
