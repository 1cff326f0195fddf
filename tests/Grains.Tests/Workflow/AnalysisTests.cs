using System.Text.Json;
using CircuitBreaker.Grains.Workflow;
using CircuitBreaker.Workflow.Serialization;

namespace CircuitBreaker.Grains.Tests.Workflow;

/// <summary>Workflow grains analyse each version (soundness with witnesses) and can refuse unsound definitions.</summary>
public sealed class AnalysisTests
{
    // Fork into two branches but join only one of them: a token is left behind (improper completion).
    private const string LeakyFork = """
        {
          "places": [ {"id":"start"}, {"id":"a"}, {"id":"b"}, {"id":"done"} ],
          "transitions": [
            { "id": "split", "inputs": ["start"], "outputs": ["a", "b"] },
            { "id": "finish", "inputs": ["a"], "outputs": ["done"] }
          ],
          "initialMarking": { "start": 1 },
          "finalPlaces": ["done"]
        }
        """;

    [Theory]
    [SqliteDialect]
    public async Task Unsound_definitions_are_saved_unanalysed_or_refused_on_request(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        // Creation does not wait for an analysis nobody asked for: no analysis findings among the warnings.
        var saved = await silo.Grains.GetGrain<IWorkflowGrain>("leaky-" + Guid.NewGuid().ToString("N")).Create(LeakyFork);
        Assert.DoesNotContain(saved.Warnings, w => w.Code == "analysis");

        var workflow = silo.Grains.GetGrain<IWorkflowGrain>("strict-" + Guid.NewGuid().ToString("N"));
        var refused = await Assert.ThrowsAsync<WorkflowException>(() => workflow.Create(LeakyFork, requireSound: true));
        Assert.Equal(WorkflowErrorCodes.UnsoundWorkflow, refused.Code);
        Assert.Contains("improper completion", refused.Message);
        Assert.Null(await workflow.Get());

        var analysis = await silo.Grains.GetGrain<IWorkflowGrain>(saved.WorkflowId).Analyze();
        Assert.False(analysis.Sound);
        using var report = JsonDocument.Parse(analysis.ReportJson);
        var counterexample = report.RootElement.GetProperty("workflow").GetProperty("properCompletionCounterexample");
        Assert.Equal(["split", "finish"], counterexample.GetProperty("sequence").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [SqliteDialect]
    public async Task An_analysis_whose_caller_is_gone_is_cancelled_and_not_cached(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var workflow = silo.Grains.GetGrain<IWorkflowGrain>("gone-" + Guid.NewGuid().ToString("N"));
        await workflow.Create(LeakyFork);
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => workflow.Analyze(cancellationToken: gone.Token));
        Assert.False((await workflow.Analyze()).Sound);
    }

    [Theory]
    [SqliteDialect]
    public async Task Shipped_examples_are_sound(StorageProvider provider)
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var folder = Path.Combine(RepositoryPaths.Root, "examples", "workflows");
        var files = Directory.GetFiles(folder);
        Assert.True(files.Length >= 5, "examples/workflows holds the five shipped examples");
        foreach (var file in files)
        {
            var definition = WorkflowSerializer.FromText(File.ReadAllText(file), file);
            var workflow = silo.Grains.GetGrain<IWorkflowGrain>(definition.Id + "-" + Guid.NewGuid().ToString("N"));
            await workflow.Create(WorkflowSerializer.ToJson(definition));
            var analysis = await workflow.Analyze();
            Assert.True(analysis.Sound == true, $"{Path.GetFileName(file)}: {string.Join("; ", analysis.Summary)}");
        }
    }
}
