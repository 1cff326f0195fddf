using System.ClientModel;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CircuitBreaker.Llm.Tests.StandIns;
using CircuitBreaker.TestSupport;
using OpenAI;
using OpenAI.Chat;

namespace CircuitBreaker.Llm.Tests.Clients;

/// <summary>One real gateway routing to one OpenAI-protocol stand-in, called by the official OpenAI clients.</summary>
public sealed class OfficialClientFixture : IAsyncLifetime
{
    private readonly string _directory = TempDirectory.Create("cb-llm-clients");

    /// <summary>The stand-in provider.</summary>
    public StandInProvider Provider { get; private set; } = null!;

    /// <summary>The gateway.</summary>
    public GatewayLauncher Gateway { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Provider = await StandInProvider.StartAsync();
        Provider.ExpectedKey = "sk-clients-SECRET";
        Gateway = await GatewayLauncher.StartAsync([
            "--Storage:DataDirectory", _directory, "--Llm:Keys:k", "sk-clients-SECRET",
            "--Llm:Providers:local:Adapter", "openai", "--Llm:Providers:local:BaseUrl", Provider.BaseUrl + "/v1", "--Llm:Providers:local:ApiKeyId", "k",
            "--Llm:Models:0:Provider", "local", "--Llm:Models:0:Model", "m1", "--Llm:Models:0:InputPerMTok", "1000", "--Llm:Models:0:OutputPerMTok", "1000",
            "--Llm:Models:0:Capabilities:0", "chat",
            "--Llm:VirtualModels:0:Name", "cb:test", "--Llm:VirtualModels:0:Models:0", "local/m1",
        ]);
        using var http = new HttpClient { BaseAddress = Gateway.BaseAddress };
        (await http.PutAsJsonAsync("/api/v1/budgets/user:broke", new { limit = 0.0000001m, period = "daily" })).EnsureSuccessStatusCode();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Provider.DisposeAsync();
        TempDirectory.TryDelete(_directory);
    }
}

/// <summary>The openai npm package and the OpenAI NuGet package against our <c>/v1</c> API.</summary>
public sealed class OfficialClientTests(OfficialClientFixture fixture) : IClassFixture<OfficialClientFixture>
{
    [Fact]
    public async Task OpenAI_nuget_client_plain_and_streaming()
    {
        var client = new ChatClient("cb:test", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(fixture.Gateway.BaseAddress, "/v1") });
        ChatCompletion plain = await client.CompleteChatAsync([new UserChatMessage("Say hello")]);
        Assert.Equal("Hello from the stand-in", plain.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, plain.FinishReason);
        Assert.Equal(18, plain.Usage.TotalTokenCount);

        var text = "";
        ChatTokenUsage? usage = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Say hello")]))
        {
            foreach (var part in update.ContentUpdate) text += part.Text;
            usage ??= update.Usage;
        }
        Assert.Equal("Hello from the stand-in", text);
        Assert.NotNull(usage);
        Assert.Equal(11, usage!.InputTokenCount);

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("x")], new ChatCompletionOptions { EndUserId = "broke" }));
        Assert.Equal(402, refused.Status);
    }

    [Fact]
    public async Task Openai_npm_client_plain_and_streaming()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "Llm.Tests", "js");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules")), $"run `npm ci` in {folder} first");
        var psi = new ProcessStartInfo("node", "openai-client.mjs") { WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.StandardInput.WriteAsync(new JsonObject { ["baseURL"] = new Uri(fixture.Gateway.BaseAddress, "/v1").ToString(), ["model"] = "cb:test", ["brokeUser"] = "broke" }.ToJsonString());
        p.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        Assert.True(p.ExitCode == 0, await stderr);
        var r = JsonNode.Parse(await stdout)!;
        Assert.Equal("Hello from the stand-in", r["plain"]!["content"]!.GetValue<string>());
        Assert.Equal("stop", r["plain"]!["finish"]!.GetValue<string>());
        Assert.Equal(18, r["plain"]!["usage"]!["total_tokens"]!.GetValue<int>());
        Assert.Equal("local", r["plain"]!["routing"]!["selected_provider"]!.GetValue<string>());
        Assert.Equal("Hello from the stand-in", r["stream"]!["text"]!.GetValue<string>());
        Assert.Equal(7, r["stream"]!["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.Equal(402, r["budgetError"]!["status"]!.GetValue<int>());
        Assert.Equal("BUDGET_EXCEEDED", r["budgetError"]!["code"]!.GetValue<string>());
        Assert.True(r["modelCount"]!.GetValue<int>() > 50);
    }
}
