using CircuitBreaker.Grains.Workflow;
using CircuitBreaker.Runtime;
using CircuitBreaker.Workflow;
using CircuitBreaker.Workflow.Serialization;

namespace CircuitBreaker.Gateway.Examples;

/// <summary>
/// Creates the example workflows (JSON and YAML files) once the silo runs; existing ones are kept untouched so a
/// restart on the same data changes nothing. A broken file is logged and skipped, never fatal.
/// </summary>
public sealed class ExampleLoader(IGrainFactory grains, GatewaySettings settings, IWebHostEnvironment environment,
    ILogger<ExampleLoader> logger) : IHostedService
{
    /// <summary>
    /// Loads before the server listens (hosted services start in order, after the silo's and before Kestrel), so a
    /// gateway that answers has its examples.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.LoadExamples) await LoadAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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

    private static bool IsDefinition(string path) => Path.GetExtension(path).ToLowerInvariant() is ".json" or ".yaml" or ".yml";
}
