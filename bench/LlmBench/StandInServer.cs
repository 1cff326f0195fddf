using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CircuitBreaker.LlmBench;

/// <summary>A minimal OpenAI chat completions server answering at once with a fixed completion.</summary>
public static class StandInServer
{
    private static readonly string Answer = new JsonObject
    {
        ["id"] = "chatcmpl-bench", ["object"] = "chat.completion", ["created"] = 1, ["model"] = "m1",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "Hello from the bench stand-in" }, ["finish_reason"] = "stop" }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 11, ["completion_tokens"] = 7, ["total_tokens"] = 18 },
    }.ToJsonString();

    /// <summary>Starts it on a free loopback port; returns the app and its base URL.</summary>
    public static async Task<(WebApplication App, string BaseUrl)> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext ctx) =>
        {
            await JsonNode.ParseAsync(ctx.Request.Body);
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(Answer);
        });
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}
