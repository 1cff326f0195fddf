using CircuitBreaker.Grains.Workflow;
using Orleans;
using CircuitBreaker.Silo;
using CircuitBreaker.Workflow;
using CircuitBreaker.Workflow.Serialization;

namespace CircuitBreaker.Gateway.Examples;

/// <summary>
/// Creates the example workflows (JSON and YAML files) once the silo runs; existing ones are kept untouched so a
/// restart on the same data changes nothing. A broken file is logged and skipped, never fatal.
/// </summary>
public sealed class ExampleLoader(IGrainFactory grains, GatewaySettings settings, IWebHostEnvironment environment,
    StartupWork startup, ILogger<ExampleLoader> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loading = Task.CompletedTask;

    /// <summary>
    /// Starts loading once the silo runs (hosted services start in order) without holding up the server: the first
    /// request is answered sooner, and <c>/ready</c> reports <c>STARTING</c> until the examples are in.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.LoadExamples) return Task.CompletedTask;
        _loading = Task.Run(LoadLoggedAsync, CancellationToken.None);
        startup.Track("examples", _loading);
        return Task.CompletedTask;
    }

    /// <summary>Stops loading (before the silo stops) and waits for the example being written.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try { await _loading.WaitAsync(cancellationToken); }
        catch (OperationCanceledException) { }
        _stopping.Dispose();
    }

    /// <summary>Loads every example file; returns the ids created now.</summary>
    public async Task<IReadOnlyList<string>> LoadAsync(CancellationToken cancellationToken)
    {
        var created = new List<string>();
        var directory = ExamplesDirectoryLocator.Locate(settings.ExamplesDirectory,
            [AppContext.BaseDirectory, environment.ContentRootPath, Directory.GetCurrentDirectory()]);
        if (directory is null)
        {
            logger.LogWarning("No examples/workflows folder found; set Gateway:ExamplesDirectory to load examples");
            return created;
        }
        foreach (var file in Directory.EnumerateFiles(directory).Where(IsDefinition).Order(StringComparer.Ordinal))
        {
            if (cancellationToken.IsCancellationRequested) break;
            try
            {
                var definition = WorkflowSerializer.FromText(await File.ReadAllTextAsync(file, cancellationToken), file);
                var grain = grains.GetGrain<IWorkflowGrain>(definition.Id);
                if (await grain.Get() is not null) continue;
                await grain.Create(WorkflowSerializer.ToJson(definition));
                created.Add(definition.Id);
            }
            catch (WorkflowException ex) when (ex.Code == WorkflowErrorCodes.WorkflowExists)
            {
                // Another gateway of the cluster created it first.
            }
            catch (Exception ex) when (ex is WorkflowException or WorkflowFormatException or IOException)
            {
                logger.LogWarning("Example {File} not loaded: {Message}", Path.GetFileName(file), ex.Message);
            }
        }
        logger.LogInformation("Examples from {Directory}: {Count} created ({Ids})", directory, created.Count, string.Join(", ", created));
        return created;
    }

    // Storage trouble, say: the gateway keeps serving, the log says why the examples are missing.
    private Task LoadLoggedAsync() => StartupRetry.RunAsync("Loading the example workflows", LoadAsync, logger, _stopping.Token);

    private static bool IsDefinition(string path) => Path.GetExtension(path).ToLowerInvariant() is ".json" or ".yaml" or ".yml";
}
